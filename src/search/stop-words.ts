/**
 * Words that carry no topic in a staff question or a policy sentence: function
 * words, question words, chat filler ("actually", "just", "meant") and the
 * generic verbs staff wrap questions in ("do we have to", "what should I").
 * Matched on lower-case surface forms, before stemming.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above actually after again against ago all almost along already also although always am among an and
  another any anybody anyone anything anyway anywhere are aren't around as at away be became because become been
  before being below best between both but by can can't cannot could couldn't did didn't do does doesn't doing don't
  done down during each either else enough etc even ever every everyone everything exactly few for from further get
  gets getting go goes going gone got gotten had hadn't has hasn't have haven't having he he's her here hers herself him
  himself his how however i i'd i'll i'm i've if in into is isn't it it's its itself just keep keeps kind kinds know let
  let's like lot lots many may maybe me meant might mine more most much must mustn't my myself need needn't neither
  never no nor not nothing now of off often ok okay on once one ones only onto or other others otherwise ought our ours
  ourselves out over own per perhaps please pretty quite rather really right said say says see seem seems shall she
  she's should shouldn't since so some somebody someone something sometimes somewhere still such sure than that that's
  the their theirs them themselves then there there's these they they'd they'll they're they've thing things think
  this those though through thus to too toward towards under until up upon us very via want wants was wasn't
  way we we'd we'll we're we've well were weren't what what's whatever when when's whenever where where's whether which
  while who who's whoever whole whom whose why will with within without won't would wouldn't yeah yes yet you you'd
  you'll you're you've your yours yourself yourselves anyone's someone's hi hello thanks thank cheers
  supposed expected ask asked asking mean means wondering wonder quick question
  put puts putting make makes making made take takes taking took give gives giving gave come comes coming came
  happen happens happening happened sort sorts sorted deal deals dealt stuff bit bits count counts counted talk talking call called calls
  lot bunch guys folks thing anyway he'd he'll she'd she'll it'd it'll that'll there'll who'd who'll what'll
  should've could've would've must've might've`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/** True when `word` (lower case, before stemming) is a stop word. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}
