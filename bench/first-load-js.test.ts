import { describe, expect, it } from "vitest";
import { chunksReferenced } from "./first-load-js";

describe("chunksReferenced", () => {
  it("counts script tags, preloads and the RSC payload's chunk lists, and skips noModule polyfills", () => {
    const html = [
      '<link rel="preload" as="script" href="/_next/static/chunks/a1.js"/>',
      '<script src="/_next/static/chunks/b2.js" async=""></script>',
      '<script src="/_next/static/chunks/poly.js" noModule=""></script>',
      '<script>self.__next_f.push([1,"2:I[1,[\\"static/chunks/c3.js\\"],\\"X\\"]"])</script>',
    ].join("");
    expect([...chunksReferenced(html)].sort()).toEqual(["static/chunks/a1.js", "static/chunks/b2.js", "static/chunks/c3.js"]);
  });
});
