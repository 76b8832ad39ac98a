const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatVisits(visits: number): string {
  return `${visits.toLocaleString()} ${visits === 1 ? 'visit' : 'visits'}`;
}

/** A short URL without its scheme, as people read it out: "sho.rt/abc". */
export function withoutScheme(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

/** The value of a datetime-local input for a moment: local time, to the minute. */
export function toDateTimeLocal(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
