import { useEffect, useState } from 'react';
import { copyText } from '../clipboard.ts';

type CopyState = 'idle' | 'copied' | 'failed';

const STATUS_TEXT: Record<CopyState, string> = {
  idle: '',
  copied: 'Copied!',
  failed: 'Could not copy: select the link and copy it yourself.',
};

/** A copy button whose outcome is both shown and announced (role="status"). */
export function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state !== 'copied') return;
    const timer = window.setTimeout(() => setState('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await copyText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  return (
    <span className="copy">
      <button type="button" className="button secondary" onClick={copy}>
        Copy link
      </button>
      <span role="status" className={state === 'failed' ? 'copy-status error-text' : 'copy-status'}>
        {STATUS_TEXT[state]}
      </span>
    </span>
  );
}
