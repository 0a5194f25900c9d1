/**
 * What the answering core returns for a question. The bot renders these as cards,
 * the terminal chat as text, and the `ask` command as JSON.
 */
import type { TrustId } from '../knowledge/types.js';

/** One quoted section of the asker's trust's policy. */
export interface Citation {
  sectionId: string;
  trust: TrustId;
  /** The policy's title. */
  document: string;
  /** Heading path of the section, top first. */
  headingPath: string[];
  /** The whole section text, exactly as in the policy (whitespace aside). */
  text: string;
  /** One to three consecutive sentences of `text`, verbatim, that best answer the question. */
  quote: string;
  /**
   * The sentence of `text` that introduces the list the quote is part of ("The
   * SENCO will:"), verbatim, when the quote does not start with it; shown before
   * the quote with a gap between.
   */
  quoteLeadIn?: string;
  /** Relevance score, higher is better; comparable only within one answer. */
  score: number;
}

/** The review status of a policy on the day of asking. */
export interface PolicyStatus {
  document: string;
  policyDate?: string;
  reviewDate?: string;
  /** True when `reviewDate` is before today. */
  pastReview: boolean;
}

/** The answer to one question. */
export type Answer =
  | {
      trust: TrustId;
      answered: true;
      /** Best first; at most five. */
      citations: Citation[];
      /** Status of each cited policy (one entry per distinct document). */
      policies: PolicyStatus[];
    }
  | {
      trust: TrustId;
      answered: false;
      citations: [];
      /** Why nothing was quoted. */
      reason: 'not-covered' | 'empty-question';
      policies: PolicyStatus[];
    };

/** The answering core as the bot and the commands see it. */
export interface Answerer {
  /** Answer `question` from `trust`'s own policy only. */
  answer(trust: TrustId, question: string): Answer | Promise<Answer>;
  /** Search `trust`'s policy for the message extension: matching sections, best first. */
  search(trust: TrustId, query: string, limit: number): Citation[] | Promise<Citation[]>;
}
