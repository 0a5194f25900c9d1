/** The whole text of one policy section, shown when "Show the whole section" is clicked. */
import { AdaptiveCard, TextBlock } from '@microsoft/teams.cards';
import type { PolicyStatus } from '../../src/answers/types.js';
import type { Section, Trust } from '../../src/knowledge/types.js';
import { headingLine, headingTrail, policyFacts, reviewWarning, sourceLine, verbatim } from './card-parts.js';

/** What the section card shows. */
export interface SectionCardInput {
  trust: Pick<Trust, 'displayName' | 'sendcoRole'>;
  section: Pick<Section, 'document' | 'headingPath' | 'text'>;
  /** Review status of the section's policy, when known. */
  policy: PolicyStatus | undefined;
}

/** Build the card holding a section's whole text, verbatim. */
export function sectionCard({ trust, section, policy }: SectionCardInput): AdaptiveCard {
  return new AdaptiveCard(
    sourceLine(trust.displayName),
    new TextBlock(headingLine(section.headingPath), { weight: 'Bolder', wrap: true, style: 'heading', size: 'Medium' }),
    ...verbatim(section.text),
    policyFacts(section.document, policy),
    ...reviewWarning(policy, trust.sendcoRole),
  ).withFallbackText(`${headingTrail(section.headingPath)}: ${section.text}`);
}
