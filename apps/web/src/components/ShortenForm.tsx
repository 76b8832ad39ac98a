import type { CreateLinkBody, Link } from '@shortly/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { createLink, type FieldName, RequestError, type SortedErrors, sortErrors } from '../api.ts';
import { toDateTimeLocal } from '../format.ts';
import { CodeInput } from './CodeInput.tsx';

const EXPIRY_CHOICES = [
  { value: 'never', label: 'Never', seconds: undefined },
  { value: '1h', label: 'In 1 hour', seconds: 60 * 60 },
  { value: '1d', label: 'In 1 day', seconds: 24 * 60 * 60 },
  { value: '7d', label: 'In 7 days', seconds: 7 * 24 * 60 * 60 },
  { value: '30d', label: 'In 30 days', seconds: 30 * 24 * 60 * 60 },
  { value: 'date', label: 'On a date…', seconds: undefined },
] as const;
type ExpiryChoice = (typeof EXPIRY_CHOICES)[number]['value'];

const NO_ERRORS: SortedErrors = { fields: {}, general: [] };
const FIELD_ORDER: readonly FieldName[] = ['url', 'alias', 'expiry'];

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

/** Client-side checks are only those the api cannot phrase better; the rest is the api's word. */
function buildBody(url: string, alias: string, expiry: ExpiryChoice, date: string): CreateLinkBody | SortedErrors {
  const fields: SortedErrors['fields'] = {};
  if (!url) fields.url = 'Enter the long URL to shorten.';
  const body: CreateLinkBody = { url };
  if (alias) body.alias = alias;
  if (expiry === 'date') {
    const moment = date ? new Date(date) : null;
    if (!moment || Number.isNaN(moment.getTime())) fields.expiry = 'Choose the date and time the link stops working.';
    else body.expiresAt = moment.toISOString();
  } else {
    const seconds = EXPIRY_CHOICES.find((choice) => choice.value === expiry)?.seconds;
    if (seconds !== undefined) body.ttlSeconds = seconds;
  }
  return Object.keys(fields).length > 0 ? { fields, general: [] } : body;
}

export function ShortenForm({ onCreated }: { onCreated: (link: Link) => void }) {
  const [url, setUrl] = useState('');
  const [alias, setAlias] = useState('');
  const [expiry, setExpiry] = useState<ExpiryChoice>('never');
  const [date, setDate] = useState('');
  const [errors, setErrors] = useState<SortedErrors>(NO_ERRORS);
  const [pending, setPending] = useState(false);
  const urlInput = useRef<HTMLInputElement>(null);
  const aliasInput = useRef<HTMLInputElement>(null);
  const expirySelect = useRef<HTMLSelectElement>(null);
  const dateInput = useRef<HTMLInputElement>(null);

  // After a refused submit, focus goes to the first field in error (its message is read with it).
  useEffect(() => {
    const targets: Record<FieldName, HTMLElement | null> = {
      url: urlInput.current,
      alias: aliasInput.current,
      expiry: dateInput.current ?? expirySelect.current,
    };
    const first = FIELD_ORDER.find((field) => errors.fields[field]);
    if (first) targets[first]?.focus();
  }, [errors]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const body = buildBody(url.trim(), alias.trim(), expiry, date);
    if ('fields' in body) {
      setErrors(body);
      return;
    }
    setPending(true);
    setErrors(NO_ERRORS);
    try {
      const link = await createLink(body);
      setUrl('');
      setAlias('');
      setExpiry('never');
      setDate('');
      onCreated(link);
    } catch (error) {
      if (error instanceof RequestError && error.status === 429) {
        setErrors({ fields: {}, general: [`Too many links at once: ${error.message}`] });
      } else if (error instanceof RequestError) {
        setErrors(sortErrors(error));
      } else {
        setErrors({ fields: {}, general: ['Something went wrong. Please try again.'] });
      }
    } finally {
      setPending(false);
    }
  }

  const { fields, general } = errors;
  return (
    <form className="card shorten-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="url">Long URL</label>
        <input
          ref={urlInput}
          id="url"
          name="url"
          type="url"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          required
          placeholder="https://example.com/a/very/long/path"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          aria-invalid={fields.url ? true : undefined}
          aria-describedby={describedBy(fields.url && 'url-error')}
        />
        <FieldError id="url-error" message={fields.url} />
      </div>

      <div className="field-row">
        <div className="field">
          <label htmlFor="alias">
            Custom alias <span className="optional">(optional)</span>
          </label>
          <CodeInput
            ref={aliasInput}
            id="alias"
            name="alias"
            placeholder="my-campaign"
            value={alias}
            onValue={setAlias}
            aria-invalid={fields.alias ? true : undefined}
            aria-describedby={describedBy('alias-hint', fields.alias && 'alias-error')}
          />
          <p id="alias-hint" className="hint">
            3–64 letters, digits, _ or -. Empty gives a random code.
          </p>
          <FieldError id="alias-error" message={fields.alias} />
        </div>

        <div className="field">
          <label htmlFor="expiry">
            Expires <span className="optional">(optional)</span>
          </label>
          <select
            ref={expirySelect}
            id="expiry"
            name="expiry"
            value={expiry}
            onChange={(event) => setExpiry(event.target.value as ExpiryChoice)}
            aria-invalid={fields.expiry && expiry !== 'date' ? true : undefined}
            aria-describedby={describedBy(fields.expiry && 'expiry-error')}
          >
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
          {expiry === 'date' && (
            <>
              <label htmlFor="expires-at" className="sub-label">
                Expiry date and time
              </label>
              <input
                ref={dateInput}
                id="expires-at"
                name="expiresAt"
                type="datetime-local"
                min={toDateTimeLocal(new Date())}
                value={date}
                onChange={(event) => setDate(event.target.value)}
                aria-invalid={fields.expiry ? true : undefined}
                aria-describedby={describedBy(fields.expiry && 'expiry-error')}
              />
            </>
          )}
          <FieldError id="expiry-error" message={fields.expiry} />
        </div>
      </div>

      {general.length > 0 && (
        <div className="form-error" role="alert">
          {general.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}

      <button type="submit" className="button primary" aria-disabled={pending || undefined}>
        {pending ? 'Shortening…' : 'Shorten'}
      </button>
    </form>
  );
}

/** A field's error under it, linked to the input by aria-describedby. */
function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error">
      {message}
    </p>
  );
}
