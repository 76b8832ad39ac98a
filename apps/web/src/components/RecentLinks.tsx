import { useCallback, useEffect, useRef, useState } from 'react';
import { getLinkStats, RequestError } from '../api.ts';
import { formatVisits, withoutScheme } from '../format.ts';
import { forgetLink, type RecentLink, useRecentLinks } from '../recent.ts';
import { href } from '../route.ts';

type Visits = { state: 'ok'; visits: number } | { state: 'missing' } | { state: 'error' };

/** Visit counts of the given codes from the stats endpoint, fetched again on refresh() and when the tab comes back. */
function useVisitCounts(codes: readonly string[]): [Readonly<Record<string, Visits>>, () => void] {
  const [counts, setCounts] = useState<Record<string, Visits>>({});
  const [round, setRound] = useState(0);
  const refresh = useCallback(() => setRound((n) => n + 1), []);
  const key = codes.join('\n');

  useEffect(() => {
    // Back from the target site (or another tab), the counts are likely stale.
    const onVisible = () => document.visibilityState === 'visible' && refresh();
    const onPageShow = (event: PageTransitionEvent) => event.persisted && refresh();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('pageshow', onPageShow);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('pageshow', onPageShow);
    };
  }, [refresh]);

  // A new round (Refresh, or the tab shown again) asks for fresh counts.
  useEffect(() => {
    const controller = new AbortController();
    for (const code of key ? key.split('\n') : []) {
      getLinkStats(code, controller.signal).then(
        (stats) => setCounts((known) => ({ ...known, [code]: { state: 'ok', visits: stats.visits } })),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const missing = error instanceof RequestError && error.status === 404;
          setCounts((known) => ({ ...known, [code]: { state: missing ? 'missing' : 'error' } }));
        },
      );
    }
    return () => controller.abort();
  }, [key, round]);

  return [counts, refresh];
}

function VisitCount({ visits }: { visits: Visits | undefined }) {
  if (!visits) return <span className="visits muted">counting…</span>;
  if (visits.state === 'missing') return <span className="visits muted">gone (expired or removed)</span>;
  if (visits.state === 'error') return <span className="visits muted">count unavailable</span>;
  return <span className="visits">{formatVisits(visits.visits)}</span>;
}

function RecentItem({
  link,
  visits,
  onForget,
}: {
  link: RecentLink;
  visits: Visits | undefined;
  onForget: () => void;
}) {
  return (
    <li className="recent-item">
      <div className="recent-text">
        <a className="short-link" href={link.shortUrl}>
          {withoutScheme(link.shortUrl)}
        </a>
        <span className="recent-target muted" title={link.url}>
          {link.url}
        </span>
      </div>
      <div className="recent-actions">
        <VisitCount visits={visits} />
        {/* The visible word starts each name (WCAG 2.5.3); the code tells the rows apart. */}
        <a href={href.stats(link.code)} aria-label={`Stats of ${link.code}`}>
          Stats
        </a>
        <button
          type="button"
          className="button link-like"
          onClick={onForget}
          aria-label={`Remove ${link.code} from this list`}
        >
          Remove
        </button>
      </div>
    </li>
  );
}

/** The links this browser created, newest first, kept in localStorage. */
export function RecentLinks() {
  const links = useRecentLinks();
  const [counts, refresh] = useVisitCounts(links.map((link) => link.code));
  const heading = useRef<HTMLHeadingElement>(null);

  function forget(code: string) {
    forgetLink(code);
    // The button is gone with its row: keep keyboard focus in the list's section.
    heading.current?.focus();
  }

  return (
    <section className="card recent" aria-labelledby="recent-heading">
      <div className="section-head">
        <h2 id="recent-heading" ref={heading} tabIndex={-1}>
          Recent links
        </h2>
        {links.length > 0 && (
          <button type="button" className="button secondary" onClick={refresh}>
            Refresh counts
          </button>
        )}
      </div>
      {links.length === 0 ? (
        <p className="muted">Links you shorten here are listed in this browser, with their visit counts.</p>
      ) : (
        <ul className="recent-list">
          {links.map((link) => (
            <RecentItem key={link.code} link={link} visits={counts[link.code]} onForget={() => forget(link.code)} />
          ))}
        </ul>
      )}
    </section>
  );
}
