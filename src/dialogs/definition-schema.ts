/**
 * The authored form of a guided dialog (`knowledge/dialogs/<id>.json`): shared steps,
 * choices and branching, with per-trust citations of that trust's own policy.
 * Parsed with zod so a mistake names the file and the field path.
 */
import { z } from 'zod';

/** Ids of dialogs, steps and choices: lower-case words joined by hyphens. */
const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, e.g. "possible-sen"');

const text = z.string().trim().min(1);

/** A verbatim quote from a section of the trust's policy. */
export const quoteCitationSchema = z.strictObject({
  /** Heading text, or a fragment of it, of the section the quote comes from. */
  heading: text,
  /** One or more consecutive sentences copied verbatim from that section. */
  quote: text,
  /** What the quote tells the reader, e.g. "Who", "When", "Form". */
  label: text.optional(),
});

/** A point the step needs that the trust's policy does not cover. */
export const gapNoteSchema = z.strictObject({
  /** Why the policy cannot answer this point; the reader is pointed to the trust's SENDCo. */
  notCovered: text,
  label: text.optional(),
});

/**
 * One trust's citations for a step, choice or outcome: quotes (optionally with gap
 * notes for points the policy leaves out), or a single gap note when the policy
 * covers nothing the step needs.
 */
export const trustCitationsSchema = z.union([z.array(z.union([quoteCitationSchema, gapNoteSchema])).min(1), gapNoteSchema]);

/** Citations keyed by trust id. */
export const citationsSchema = z.record(slug, trustCitationsSchema);

/** A button on a question step. */
export const choiceSchema = z.strictObject({
  id: slug,
  label: text.max(80),
  /** The step this choice leads to. */
  next: slug,
  /** Offer the choice only to these trusts (e.g. a factor only some policies list). */
  trusts: z.array(slug).min(1).optional(),
  /** Quotes that explain this choice; shown with the outcome that follows. */
  citations: citationsSchema.optional(),
});

const stepBase = {
  id: slug,
};

/** A question answered with one of its choices. */
export const questionStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('question'),
  title: text,
  prompt: text,
  choices: z.array(choiceSchema),
  citations: citationsSchema,
});

/** A page of a tour (induction): read it, then next, back or skip. */
export const infoStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('info'),
  title: text,
  /** A short introduction above the quoted section. */
  body: text.optional(),
  next: slug,
  /** Where "skip" leads; by default the same step as "next" (the page is recorded as skipped). */
  skipTo: slug.optional(),
  citations: citationsSchema,
});

/** An invisible step that routes on earlier answers. */
export const branchStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('branch'),
  /** Tried in order; the first whose conditions all hold wins. */
  branches: z
    .array(
      z.strictObject({
        /** Question step id → the choice ids that satisfy the condition. */
        when: z.record(slug, z.array(slug).min(1)),
        next: slug,
      }),
    )
    .min(1),
  otherwise: slug,
});

/** Where a path ends: what it means, what to do next, and the policy's own words for it. */
export const outcomeStepSchema = z.strictObject({
  ...stepBase,
  kind: z.literal('outcome'),
  title: text,
  summary: text,
  /** The next concrete steps, in order. `{sendco}` and `{trust}` are filled in per trust. */
  actions: z.array(text).min(1),
  citations: citationsSchema,
});

export const stepSchema = z.discriminatedUnion('kind', [questionStepSchema, infoStepSchema, branchStepSchema, outcomeStepSchema]);

/**
 * A phrase that starts the dialog when typed as the whole message (fillers such as
 * "start" or "please" aside). `contains`: a message that holds the phrase as whole
 * words also points to the dialog (the bot offers it under its answer); `whole`: only
 * the whole message counts.
 */
export const triggerSchema = z.strictObject({
  phrase: text,
  match: z.enum(['contains', 'whole']),
});

/** A whole dialog file. */
export const dialogDefinitionSchema = z.strictObject({
  $schema: z.string().optional(),
  $comment: z.string().optional(),
  id: slug,
  title: text.max(80),
  description: text,
  /** Position in lists of dialogs, lowest first (then by id). */
  order: z.number().int().min(0).default(100),
  /** Shown above the first step, e.g. a reminder not to enter pupil details. */
  note: text.optional(),
  /** The trusts this dialog is authored for; each needs citations on every step and outcome. */
  trusts: z.array(slug).min(1),
  triggers: z.array(triggerSchema).min(1),
  /** `user`: progress is kept per user, so the dialog resumes where it was left (induction). */
  progress: z.enum(['conversation', 'user']).default('conversation'),
  start: slug,
  steps: z.array(stepSchema).min(1),
});

export type QuoteCitationSource = z.infer<typeof quoteCitationSchema>;
export type GapNoteSource = z.infer<typeof gapNoteSchema>;
export type TrustCitationsSource = z.infer<typeof trustCitationsSchema>;
export type CitationsSource = z.infer<typeof citationsSchema>;
export type ChoiceSource = z.infer<typeof choiceSchema>;
export type StepSource = z.infer<typeof stepSchema>;
export type TriggerSource = z.infer<typeof triggerSchema>;
/** A dialog definition as authored. */
export type DialogDefinitionSource = z.infer<typeof dialogDefinitionSchema>;
/** A dialog definition as written in the file, before defaults are applied. */
export type DialogDefinitionInput = z.input<typeof dialogDefinitionSchema>;
