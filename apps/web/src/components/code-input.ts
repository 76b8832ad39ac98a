/** Attributes of a text box that takes a short code: typed as is, never corrected or capitalised. */
export const CODE_INPUT = {
  type: 'text',
  autoComplete: 'off',
  autoCapitalize: 'none',
  spellCheck: false,
} as const;
