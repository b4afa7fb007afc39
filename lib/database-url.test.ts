import { describe, expect, it } from "vitest";
import { providerOf, sqliteFilePath } from "./database-url";

describe("providerOf", () => {
  it("maps file: to SQLite and postgres(ql):// to PostgreSQL", () => {
    expect(providerOf("file:./data/academy.db")).toBe("sqlite");
    expect(providerOf("postgres://u@h/db")).toBe("postgresql");
    expect(providerOf("postgresql://u@h:5432/db?sslmode=require")).toBe("postgresql");
  });
  it("refuses anything else with a readable message", () => {
    expect(() => providerOf("mysql://x")).toThrow(/must start with "file:"/);
  });
  it("finds the SQLite file path", () => {
    expect(sqliteFilePath("file:./data/a.db")).toBe("./data/a.db");
    expect(sqliteFilePath("file:/tmp/a.db?mode=rwc")).toBe("/tmp/a.db");
    expect(sqliteFilePath("postgres://x")).toBeNull();
  });
});
