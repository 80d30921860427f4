import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { sdlDescription } from './sdl-description.ts';

/** SDL of the {@link moneyScalar}, with its description. */
export const moneySchema = /* GraphQL */ `
  "An amount of money in integer minor units of a currency (pence, cents), as a JSON number: any integer of magnitude below 2^53 (9,007,199,254,740,992), so every total the API accepts is shown exactly. Inputs also take the integer as a decimal string."
  scalar Money
`;

const DECIMAL_INTEGER = /^-?\d{1,16}$/;

/** The safe integer `value` stands for, or undefined (for inputs: numbers and decimal strings). */
function toMinorUnits(value: unknown): number | undefined {
  const n = typeof value === 'string' && DECIMAL_INTEGER.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
}

/**
 * `Money`: integer minor units within ±(2^53 − 1) (JavaScript's safe integers, ECMA-262
 * `Number.MAX_SAFE_INTEGER`), serialized as a JSON number. GraphQL's `Int` is 32-bit (the
 * GraphQL spec, "Int"), too small for order totals above £21,474,836.47.
 *
 * A value the server cannot serialize is a server bug: `serialize` throws a GraphQLError with
 * `extensions.code = INTERNAL`. A bad input is refused while the request is validated
 * (VALIDATION_FAILED), before any resolver runs.
 */
export const moneyScalar = new GraphQLScalarType<number, number>({
  name: 'Money',
  description: sdlDescription(moneySchema, 'Money'),
  serialize(value) {
    const minor = toMinorUnits(typeof value === 'bigint' ? String(value) : value);
    if (minor === undefined)
      throw new GraphQLError(`Money cannot represent ${String(value)}`, { extensions: { code: 'INTERNAL' } });
    return minor;
  },
  parseValue(value) {
    const minor = toMinorUnits(value);
    if (minor === undefined)
      throw new GraphQLError(
        `Money must be an integer of minor units below 2^53, got ${JSON.stringify(value)}`,
      );
    return minor;
  },
  parseLiteral(ast) {
    const minor = ast.kind === Kind.INT || ast.kind === Kind.STRING ? toMinorUnits(ast.value) : undefined;
    if (minor === undefined) throw new GraphQLError('Money must be an integer of minor units below 2^53');
    return minor;
  },
});
