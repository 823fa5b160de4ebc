// The body of a PATCH, derived from the schema of the whole object: every field optional and
// WITHOUT its default, so a field left out stays as it is. (`.partial()` keeps defaults: a
// PATCH of one field would reset every defaulted field it did not mention.) An empty body
// is refused: there is nothing to change, and saying so beats a silent no-op.
// Lives in shared/ because the API schemas built with it are shared with the web app.
import { z } from 'zod';

type WithoutDefault<T> =
  T extends z.ZodDefault<infer Inner extends z.ZodType>
    ? WithoutDefault<Inner>
    : T extends z.ZodPrefault<infer Inner extends z.ZodType>
      ? WithoutDefault<Inner>
      : T extends z.ZodOptional<infer Inner extends z.ZodType>
        ? WithoutDefault<Inner>
        : T;

export type PatchShape<Shape extends z.ZodRawShape> = {
  [Key in keyof Shape]: z.ZodOptional<WithoutDefault<Shape[Key]>>;
};

/** The schema with its outer `.optional()`, `.default()` and `.prefault()` wrappers removed. */
export function withoutDefault(schema: z.ZodType): z.ZodType {
  const def = schema._zod.def;
  if (def.type === 'default' || def.type === 'prefault' || def.type === 'optional') {
    return withoutDefault((def as unknown as { innerType: z.ZodType }).innerType);
  }
  return schema;
}

/** Whether a field's schema would fill in a value when the field is left out. */
export function fillsInDefault(schema: z.ZodType): boolean {
  const def = schema._zod.def;
  if (def.type === 'default' || def.type === 'prefault') return true;
  if (def.type === 'optional' || def.type === 'nullable') {
    return fillsInDefault((def as unknown as { innerType: z.ZodType }).innerType);
  }
  return false;
}

export const emptyPatchMessage = 'send at least one field to change';

export function patchOf<Shape extends z.ZodRawShape>(whole: z.ZodObject<Shape>) {
  const shape = Object.fromEntries(
    Object.entries(whole.shape).map(([key, field]) => [key, withoutDefault(field as z.ZodType).optional()]),
  ) as PatchShape<Shape>;
  return z.strictObject(shape).refine((body) => Object.keys(body).length > 0, { message: emptyPatchMessage });
}
