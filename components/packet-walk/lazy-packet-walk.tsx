"use client";

import dynamic from "next/dynamic";

/**
 * The interactive diagram in its own chunk: lesson pages without a
 * `<PacketWalk>` never download it (or the engine it runs). It still renders
 * on the server, so the first paint already shows hop 1 and nothing shifts
 * when the chunk hydrates.
 */
export const LazyPacketWalkDiagram = dynamic(() => import("./packet-walk-diagram").then((m) => m.PacketWalkDiagram));
