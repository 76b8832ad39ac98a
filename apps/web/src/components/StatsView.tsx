import type { LinkStats } from '@shortly/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { getLinkStats, RequestError } from '../api.ts';
import { formatDateTime, formatVisits } from '../format.ts';
import { href, navigate } from '../route.ts';
import { CodeInput } from './CodeInput.tsx';
import { QrCode } from './QrCode.tsx';
import { ShortLink } from './ShortLink.tsx';

type StatsState =
  | { status: 'loading' }
  | { status: 'ok'; stats: LinkStats; at: Date }
  | { status: 'error'; message: string };

/** A code from what people paste: "abc", "/abc" or a whole short URL "https://sho.rt/abc". */
export function codeFromInput(input: string): string {
  const text = input.trim();
  if (/^https?:\/\//i.test(text)) {
    try {
      return new URL(text).pathname.split('/').filter(Boolean).pop() ?? '';
    } catch {
      return text;
    }
  }
  return text.replace(/^\/+|\/+$/g, '');
}

function useLinkStats(code: string, round: number): StatsState {
  const [state, setState] = useState<StatsState>({ status: 'loading' });

  // A new round (Refresh) asks for fresh stats.
  useEffect(() => {
    const controller = new AbortController();
    getLinkStats(code, controller.signal).then(
      (stats) => setState({ status: 'ok', stats, at: new Date() }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message =
          error instanceof RequestError && error.status === 404
            ? `No link with the code “${code}”. Check the spelling; an expired link may have been removed.`
            : error instanceof RequestError
              ? error.message
              : 'Could not load the stats.';
        setState({ status: 'error', message });
      },
    );
    return () => controller.abort();
  }, [code, round]);

  return state;
}

function When({ iso, otherwise }: { iso: string | null; otherwise: string }) {
  return iso ? <time dateTime={iso}>{formatDateTime(iso)}</time> : otherwise;
}

function StatsCard({ code, focusOnLoad }: { code: string; focusOnLoad: boolean }) {
  const [round, setRound] = useState(0);
  const state = useLinkStats(code, round);
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = state.status !== 'loading';

  useEffect(() => {
    if (loaded && focusOnLoad) heading.current?.focus();
  }, [loaded, focusOnLoad]);

  const stats = state.status === 'ok' ? state.stats : null;
  const expired = stats?.expiresAt ? Date.parse(stats.expiresAt) <= Date.now() : false;
  const usedUp = stats !== null && stats.maxVisits !== null && stats.visits >= stats.maxVisits;

  return (
    <section className="card stats" aria-labelledby="stats-heading" aria-busy={!loaded}>
      <div className="section-head">
        <h2 id="stats-heading" ref={heading} tabIndex={-1}>
          Stats for <code>{code}</code>
        </h2>
        <button type="button" className="button secondary" onClick={() => setRound((n) => n + 1)}>
          Refresh
        </button>
      </div>
      {state.status === 'loading' && <p className="muted">Loading…</p>}
      {state.status === 'error' && (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === 'ok' && stats && (
        <div className="stats-body">
          <dl className="stats-list">
            <div>
              <dt>Short link</dt>
              <dd className="short-link-row">
                <ShortLink url={stats.shortUrl} />
              </dd>
            </div>
            <div>
              <dt>Target</dt>
              <dd className="break">{stats.url}</dd>
            </div>
            <div>
              <dt>Visits</dt>
              <dd>
                <span className="visit-count">{stats.visits.toLocaleString()}</span>
                {stats.maxVisits !== null && (
                  <span className="muted">
                    {' '}
                    of {formatVisits(stats.maxVisits)} allowed{usedUp && ': limit reached'}
                  </span>
                )}
              </dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>
                <When iso={stats.createdAt} otherwise="" />
              </dd>
            </div>
            <div>
              <dt>Last visit</dt>
              <dd>
                <When iso={stats.lastVisitAt} otherwise="Not visited yet" />
              </dd>
            </div>
            <div>
              <dt>Expires</dt>
              <dd>
                {expired && 'Expired '}
                <When iso={stats.expiresAt} otherwise="Never" />
              </dd>
            </div>
          </dl>
          <QrCode code={stats.code} shortUrl={stats.shortUrl} />
        </div>
      )}
      <p className="muted small" role="status">
        {state.status === 'ok' && <>Updated at {state.at.toLocaleTimeString()}</>}
      </p>
    </section>
  );
}

/** #/stats/<code>: look a code up, see where it goes and how often it was visited. */
export function StatsView({ code }: { code: string }) {
  const [query, setQuery] = useState(code);
  const [lookedUp, setLookedUp] = useState(false);

  useEffect(() => setQuery(code), [code]);

  function lookUp(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const wanted = codeFromInput(query);
    if (!wanted) return;
    setLookedUp(true);
    navigate(href.stats(wanted));
  }

  return (
    <>
      <h1 tabIndex={-1}>Link stats</h1>
      <search>
        <form className="card lookup" onSubmit={lookUp}>
          <label htmlFor="lookup">Short code or short link</label>
          <div className="inline-field">
            <CodeInput
              id="lookup"
              name="code"
              placeholder="abc123 or http://…/abc123"
              value={query}
              onValue={setQuery}
            />
            <button type="submit" className="button primary">
              Show stats
            </button>
          </div>
        </form>
      </search>
      {code ? (
        <StatsCard key={code} code={code} focusOnLoad={lookedUp} />
      ) : (
        <p className="muted">Enter a code to see where its link goes and how often it was visited.</p>
      )}
    </>
  );
}
