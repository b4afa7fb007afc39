import { getScenario, labCleanupScript, labFileName, labScript, listScenarios } from "@/lib/packet-walk";

/**
 * The lab scripts a lesson diagram offers ("Run this lab yourself"): for each scenario the
 * setup script that builds its cluster in cnia-* network namespaces and the cleanup script
 * that deletes them, exactly what `npm run -s walk -- --scenario X --lab` prints and what
 * tests/kernel runs (with its own prefix). Public course material like the lessons, so no
 * caller check: they are written once at build time and served as static files.
 */
export const dynamic = "force-static";
export const dynamicParams = false;

function scripts(): Map<string, () => string> {
  const byName = new Map<string, () => string>();
  for (const { name } of listScenarios()) {
    byName.set(labFileName(name, "setup"), () => labScript(getScenario(name)));
    byName.set(labFileName(name, "cleanup"), () => labCleanupScript(getScenario(name)));
  }
  return byName;
}

export function generateStaticParams() {
  return [...scripts().keys()].map((file) => ({ file }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  const script = scripts().get(file);
  if (!script) return new Response("No such lab script.\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return new Response(script(), {
    headers: {
      "content-type": "text/x-shellscript; charset=utf-8",
      "content-disposition": `attachment; filename="${file}"`,
    },
  });
}
