import { getMDXComponent } from "mdx-bundler/client";
import { mdxComponents } from "./mdx-components";

/** Renders a lesson compiled at build time by lib/mdx.server.ts, with the registered components. */
export function LessonBody({ code }: { code: string }) {
  // A server component rendered once per static page at build: there is no re-render whose
  // state a freshly created component type could reset, which is what this rule guards against.
  const Content = getMDXComponent(code);
  // eslint-disable-next-line react-hooks/static-components
  return <Content components={mdxComponents} />;
}
