/** Parse a card with the `adaptivecards` library as Adaptive Cards 1.5 and collect every warning and error. */
import * as AC from 'adaptivecards';

/** Problems the parser reported, as readable lines (empty when the card is clean). */
export function cardProblems(card: unknown): string[] {
  const json: unknown = JSON.parse(JSON.stringify(card));
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) {
    problems.push(`${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  return problems;
}
