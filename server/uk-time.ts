/**
 * Dates and times as the panel reads them: UK time (Europe/London), whatever zone the server or
 * the browser runs in. Pure (Intl only), so pages and services share one reading of a date.
 */
const ZONE = "Europe/London";

const partsFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const wordsFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

type Parts = { year: number; month: number; day: number; hour: number; minute: number };

function ukParts(d: Date | number): Parts {
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(partsFormat.formatToParts(d).find((p) => p.type === type)?.value);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute") };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The values of a date input and a time input showing this moment in UK time. */
export function toUkInputs(d: Date | number): { date: string; time: string } {
  const p = ukParts(d);
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

export type UkInputResult = { ok: true; date: Date } | { ok: false; message: string };

/**
 * The moment a UK date ("2026-03-03") and time ("17:00") name. The UK is one hour ahead of UTC in
 * summer and level with it in winter, so the answer is one of two instants: the one that reads back
 * as the same wall-clock time. When the clocks go back, 01:00-01:59 happens twice; the first (summer
 * time) is taken. When they go forward, 01:00-01:59 does not exist, which is said in words.
 */
export function fromUkInputs(date: string, time: string): UkInputResult {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(time.trim());
  if (!d) return { ok: false, message: "Give the date as day, month and year." };
  if (!t) return { ok: false, message: "Give the time as hours and minutes, for example 17:00." };
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number);
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) {
    return { ok: false, message: `There is no ${date} in the calendar.` };
  }
  if (hour > 23 || minute > 59) return { ok: false, message: "Give the time as hours and minutes, for example 17:00." };
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  for (const offsetHours of [1, 0]) {
    const instant = wall - offsetHours * 3_600_000;
    const back = ukParts(instant);
    if (back.year === year && back.month === month && back.day === day && back.hour === hour && back.minute === minute) {
      return { ok: true, date: new Date(instant) };
    }
  }
  return {
    ok: false,
    message: `${pad(hour)}:${pad(minute)} does not exist on ${day} ${MONTHS[month - 1]} ${year} in the UK: the clocks go forward an hour that night. Choose another time.`,
  };
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * "17:00 on Tuesday 3 March" (the year is added when it is not this year's), for sentences like
 * "Closes at 17:00 on Tuesday 3 March (UK time)". `weekday: false` drops the day's name.
 */
export function formatUkMoment(d: Date | number, opts: { weekday?: boolean; now?: Date | number } = {}): string {
  const parts = wordsFormat.formatToParts(d);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const thisYear = ukParts(opts.now ?? Date.now()).year;
  const year = Number(get("year")) === thisYear ? "" : ` ${get("year")}`;
  const weekday = opts.weekday === false ? "" : `${get("weekday")} `;
  return `${get("hour")}:${get("minute")} on ${weekday}${get("day")} ${get("month")}${year}`;
}
