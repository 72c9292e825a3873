import { parseArgs } from 'node:util';
import { isRole, Role, ROLES } from '@exam/domain';

export const TOKEN_USAGE = `usage: npm run -s token -- --role <${ROLES.join('|')}> --sub <user id> [--institution <id>] [--hours <n>]`;

export interface TokenOptions {
  role: Role;
  sub: string;
  institutionId?: string;
  hours: number;
}

/** Longest validity a development token may ask for: a year. */
const MAX_HOURS = 24 * 365;

/**
 * The token CLI's arguments, strictly: node's parseArgs refuses unknown options and a value that
 * looks like an option (`--sub --role admin`), so a typo never mints a token for the wrong person.
 */
export function parseTokenOptions(argv: string[]): TokenOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      institution: { type: 'string' },
      hours: { type: 'string', default: '8' },
    },
  });
  if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"`);
  if (values.role === undefined) throw new Error('--role is required');
  if (!isRole(values.role)) throw new Error(`--role must be one of ${ROLES.join(', ')}, got "${values.role}"`);
  if (!values.sub?.trim()) throw new Error('--sub (the user id) is required');
  const hours = Number(values.hours);
  if (values.hours?.trim() === '' || !Number.isFinite(hours) || hours <= 0 || hours > MAX_HOURS)
    throw new Error(`--hours must be a number of hours above 0 and at most ${MAX_HOURS}, got "${values.hours}"`);
  if (values.institution !== undefined && !values.institution.trim()) throw new Error('--institution must not be empty');
  return { role: values.role, sub: values.sub, hours, ...(values.institution ? { institutionId: values.institution } : {}) };
}
