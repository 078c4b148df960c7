// The server's clock, from GET /health: a training server may run on a shifted clock
// (`tamga serve --clock`), and the law, deadlines and "today" follow the server, in each
// jurisdiction's time zone, never the browser's calendar.
import { useEffect, useState } from 'preact/hooks';

export interface ServerClock {
  now: string;
  shifted: boolean;
  startedAt: string;
  jurisdictions: Record<string, { timeZone: string; localTime: string }>;
}

let info: ServerClock | null = null;
/** Server time minus browser time, in milliseconds. */
let skew = 0;
const listeners = new Set<() => void>();

/** Reads the clock from /health (no token needed); keeps the previous reading on failure. */
export async function refreshClock(): Promise<void> {
  try {
    const res = await fetch('/api/v1/health', { headers: { Accept: 'application/json' } });
    if (!res.ok) return;
    const body = (await res.json()) as { clock?: ServerClock };
    if (!body.clock) return;
    const at = Date.parse(body.clock.now);
    if (Number.isNaN(at)) return;
    info = body.clock;
    skew = at - Date.now();
    listeners.forEach((l) => l());
  } catch {
    /* the pages show their own errors */
  }
}

export function clockInfo(): ServerClock | null {
  return info;
}

/** Now by the server's clock. */
export function serverNow(): Date {
  return new Date(Date.now() + skew);
}

export function timeZoneOf(jurisdiction: string | undefined): string | undefined {
  return jurisdiction ? info?.jurisdictions[jurisdiction]?.timeZone : undefined;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone (UTC without one). */
export function dateIn(instant: Date, timeZone?: string): string {
  if (timeZone) {
    try {
      const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
      const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
      return `${get('year')}-${get('month')}-${get('day')}`;
    } catch {
      /* unknown zone: UTC */
    }
  }
  return instant.toISOString().slice(0, 10);
}

/** Today in a jurisdiction by the server's clock (without one: the UTC date). */
export function localToday(jurisdiction?: string): string {
  return dateIn(serverNow(), timeZoneOf(jurisdiction));
}

/** "+06:00" for a zone at an instant, from Intl's longOffset ("GMT+06:00"; "GMT" for UTC). */
export function offsetIn(instant: Date, timeZone: string): string {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(instant)
      .find((p) => p.type === 'timeZoneName')?.value;
    const m = /GMT([+-]\d{2}:\d{2})/.exec(name ?? '');
    return m ? m[1] : '+00:00';
  } catch {
    return '+00:00';
  }
}

const minutes = (offset: string) => {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  return m ? (m[1] === '-' ? -1 : 1) * (+m[2] * 60 + +m[3]) : 0;
};

/**
 * A wall-clock time in a zone ("2022-09-21T17:30") as an instant with its offset
 * ("2022-09-21T17:30:00+06:00"), the form the API takes.
 */
export function withOffset(wall: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wall);
  if (!m) return wall;
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  // The offset at the guessed instant, checked once more (a DST change between the two).
  let off = offsetIn(new Date(asUtc), timeZone);
  off = offsetIn(new Date(asUtc - minutes(off) * 60_000), timeZone);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${off}`;
}

/** Now in a zone as a datetime-local value ("2022-09-26T10:05"). */
export function wallNow(timeZone?: string): string {
  const now = serverNow();
  if (!timeZone) return now.toISOString().slice(0, 16);
  const shifted = new Date(now.getTime() + minutes(offsetIn(now, timeZone)) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** Re-renders the caller when the clock is read again, and every `tickMs` (for a running "now"). */
export function useClock(tickMs?: number): ServerClock | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((n) => n + 1);
    listeners.add(l);
    const id = tickMs ? setInterval(l, tickMs) : undefined;
    return () => {
      listeners.delete(l);
      if (id) clearInterval(id);
    };
  }, [tickMs]);
  return info;
}
