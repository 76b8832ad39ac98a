// .github/CODEOWNERS: each line is a gitignore-style pattern and its owners. GitHub
// silently ignores a pattern that matches nothing, so a renamed folder would quietly
// lose its required reviewers; these checks make that fail instead.

export interface CodeownersRule {
  line: number;
  pattern: string;
  owners: string[];
}

export function parseCodeowners(text: string): CodeownersRule[] {
  return text.split('\n').flatMap((content, index) => {
    const line = content.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return [];
    const [pattern = '', ...owners] = line.split(/\s+/);
    return [{ line: index + 1, pattern, owners }];
  });
}

/** The pattern as a regular expression over repo-relative file paths. */
export function patternToRegExp(pattern: string): RegExp {
  const anchored = pattern.startsWith('/') || pattern.replace(/\/$/, '').includes('/');
  const body = pattern
    .replace(/^\//, '')
    .replace(/\/$/, '/**')
    .split('**')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('.*');
  // Without a trailing /**, a pattern naming a folder also owns everything in it.
  return new RegExp(`${anchored ? '^' : '(^|/)'}${body}(/.*)?$`);
}

const OWNER = /^@[A-Za-z0-9-]+(\/[A-Za-z0-9._-]+)?$|^[^@\s]+@[^@\s]+\.[a-z]+$/;

export function codeownersProblems(rules: CodeownersRule[], files: string[]): string[] {
  return rules.flatMap(({ line, pattern, owners }) => {
    const problems: string[] = [];
    if (owners.length === 0) problems.push(`line ${line}: ${pattern} has no owner`);
    for (const owner of owners) {
      if (!OWNER.test(owner)) problems.push(`line ${line}: "${owner}" is not a @user, @org/team or email`);
    }
    const regex = patternToRegExp(pattern);
    if (!files.some((file) => regex.test(file))) problems.push(`line ${line}: ${pattern} matches no file`);
    return problems;
  });
}
