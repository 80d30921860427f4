import { parse } from 'graphql';

/**
 * The description `sdl` gives the type `name`, for a scalar implemented in code: mercurius puts
 * the resolver map's GraphQLScalarType in the schema in place of the SDL's, description and all,
 * so the scalar takes it from the SDL (one text, shown by introspection). Undefined when `sdl`
 * does not describe `name`.
 */
export function sdlDescription(sdl: string, name: string): string | undefined {
  for (const definition of parse(sdl).definitions)
    if ('name' in definition && definition.name?.value === name && 'description' in definition)
      return definition.description?.value;
  return undefined;
}
