import { InvalidArgumentError } from 'commander';

/**
 * A commander option parser of an integer >= `min` (`name` is the option, for the message).
 * @throws InvalidArgumentError (a usage error: exit 2) for anything else.
 */
export const int = (name: string, min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min}`);
  return n;
};
