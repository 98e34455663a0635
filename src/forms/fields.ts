/**
 * The custom ids of form fields, through the one codec (src/core/custom-id.ts): `f:<question>:
 * <revision>:<part>`. `question` and `revision` are whatever identifies a question to its feature
 * (onboarding: the question's id and the revision the member was shown; polls: the question's
 * index and 0); `part` is the input of a question that takes several (0 for the others).
 */
import { defineRoute, type RouteArgs } from '../core/custom-id.js';

export const fieldRoute = defineRoute('f', { question: 'int', revision: 'int', part: 'int' });

/** Which question a field answers. */
export type FieldRef = Omit<RouteArgs<typeof fieldRoute.schema>, 'part'>;

export const fieldId = (ref: FieldRef, part = 0): string => fieldRoute.build({ ...ref, part });
