import { afterEach, vi } from "vitest";

// A test fails if the code under test logs console.error: errors must be handled, not printed.
let errorSpy = vi.spyOn(console, "error");

afterEach(() => {
  const calls = errorSpy.mock.calls;
  errorSpy.mockRestore();
  errorSpy = vi.spyOn(console, "error");
  if (calls.length > 0) {
    throw new Error(`console.error was called:\n${calls.map((c) => c.map(String).join(" ")).join("\n")}`);
  }
});
