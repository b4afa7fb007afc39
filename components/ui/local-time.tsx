"use client";
import { useSyncExternalStore } from "react";

// dateStyle/timeStyle cannot be combined with timeZoneName, so the parts are spelled out.
const PARTS: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" };
const UTC_FORMAT = new Intl.DateTimeFormat("en-GB", { ...PARTS, timeZone: "UTC" });
let localFormat: Intl.DateTimeFormat | null = null;

function format(iso: string, formatter: Intl.DateTimeFormat): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatter.format(date);
}

// The zone does not change while a page is open, so there is nothing to subscribe to.
const subscribeToNothing = () => () => {};

/**
 * A moment in the reader's own time zone, with the zone named ("2 Dec 2026, 14:00 CET").
 * The server (and a static page) cannot know the zone, so the server snapshot renders UTC,
 * named as such, inside <time dateTime>; after hydration the browser's snapshot shows the
 * local form.
 */
export function LocalTime({ iso }: { iso: string }) {
  const text = useSyncExternalStore(
    subscribeToNothing,
    () => format(iso, (localFormat ??= new Intl.DateTimeFormat("en-GB", PARTS))),
    () => format(iso, UTC_FORMAT),
  );
  return <time dateTime={iso}>{text}</time>;
}
