import type { ApiError, Link } from '@shortly/contracts';
import './style.css';

const form = document.querySelector<HTMLFormElement>('#shorten');
const result = document.querySelector<HTMLParagraphElement>('#result');

form?.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!result) return;
  const url = new FormData(form).get('url');
  const response = await fetch('/api/links', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url }),
  });
  const body = (await response.json()) as Link | ApiError;
  result.textContent = 'shortUrl' in body ? body.shortUrl : body.message;
});
