/**
 * Host configs close to Teams' own light and dark themes, for rendering the bot's
 * cards with the Adaptive Cards renderer the way staff will see them.
 */

/** The two themes every card is rendered in. */
export type Theme = 'light' | 'dark';

interface Palette {
  background: string;
  emphasis: string;
  text: string;
  subtle: string;
  accent: string;
  good: string;
  warning: string;
  attention: string;
  attentionBackground: string;
  warningBackground: string;
  goodBackground: string;
  accentBackground: string;
  separator: string;
  buttonBorder: string;
  buttonText: string;
  page: string;
}

/** Colours of Teams' light and dark themes. */
export const palettes: Record<Theme, Palette> = {
  light: {
    background: '#FFFFFF',
    emphasis: '#F5F5F5',
    text: '#242424',
    subtle: '#616161',
    accent: '#5B5FC7',
    good: '#0E700E',
    warning: '#835B00',
    attention: '#C4314B',
    attentionBackground: '#FDF3F4',
    warningBackground: '#FBF6D9',
    goodBackground: '#F1FAF1',
    accentBackground: '#EBEBF7',
    separator: '#E0E0E0',
    buttonBorder: '#D1D1D1',
    buttonText: '#242424',
    page: '#F0F0F0',
  },
  dark: {
    background: '#292929',
    emphasis: '#1F1F1F',
    text: '#FFFFFF',
    subtle: '#ADADAD',
    accent: '#7F85F5',
    good: '#54B054',
    warning: '#F8D22A',
    attention: '#F9526B',
    attentionBackground: '#3E1F25',
    warningBackground: '#463F20',
    goodBackground: '#0D2E0D',
    accentBackground: '#2F2F4A',
    separator: '#3D3D3D',
    buttonBorder: '#666666',
    buttonText: '#FFFFFF',
    page: '#1F1F1F',
  },
};

function foreground(p: Palette) {
  const colour = (c: string, subtle = c) => ({ default: c, subtle });
  return {
    default: colour(p.text, p.subtle),
    dark: colour('#242424', '#616161'),
    light: colour('#FFFFFF', '#E0E0E0'),
    accent: colour(p.accent),
    good: colour(p.good),
    warning: colour(p.warning),
    attention: colour(p.attention),
  };
}

/** The Adaptive Cards host config for a theme. */
export function teamsHostConfig(theme: Theme): Record<string, unknown> {
  const p = palettes[theme];
  const style = (backgroundColor: string) => ({ backgroundColor, foregroundColors: foreground(p) });
  return {
    fontFamily: "'Segoe UI', 'Liberation Sans', 'DejaVu Sans', system-ui, sans-serif",
    supportsInteractivity: true,
    spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
    separator: { lineThickness: 1, lineColor: p.separator },
    fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
    fontWeights: { lighter: 300, default: 400, bolder: 600 },
    lineHeights: { small: 16, default: 20, medium: 22, large: 24, extraLarge: 32 },
    imageSizes: { small: 32, medium: 52, large: 100 },
    containerStyles: {
      default: style(p.background),
      emphasis: style(p.emphasis),
      accent: style(p.accentBackground),
      good: style(p.goodBackground),
      attention: style(p.attentionBackground),
      warning: style(p.warningBackground),
    },
    actions: {
      maxActions: 6,
      spacing: 'default',
      buttonSpacing: 8,
      showCard: { actionMode: 'inline', inlineTopMargin: 16, style: 'emphasis' },
      actionsOrientation: 'horizontal',
      actionAlignment: 'left',
      iconPlacement: 'leftOfTitle',
    },
    factSet: {
      title: { color: 'default', size: 'default', isSubtle: true, weight: 'default', wrap: true, maxWidth: 150 },
      value: { color: 'default', size: 'default', isSubtle: false, weight: 'default', wrap: true },
      spacing: 12,
    },
    textBlock: { headingLevel: 2 },
  };
}

/** Page CSS that gives buttons and inputs Teams' look in a theme. */
export function teamsCss(theme: Theme): string {
  const p = palettes[theme];
  return `
    html, body { margin: 0; background: ${p.page}; }
    #frame { display: inline-block; padding: 16px; background: ${p.page}; }
    #host { border-radius: 8px; overflow: hidden; box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); }
    .ac-pushButton {
      font: 600 14px 'Segoe UI', 'Liberation Sans', 'DejaVu Sans', sans-serif;
      color: ${p.buttonText}; background: ${p.background};
      border: 1px solid ${p.buttonBorder}; border-radius: 4px;
      padding: 5px 12px; min-height: 32px; cursor: pointer;
      white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
    }
    .ac-pushButton.style-positive { background: ${p.accent}; border-color: ${p.accent}; color: #FFFFFF; }
    .ac-pushButton.style-destructive { color: ${p.attention}; }
    .ac-pushButton:focus-visible { outline: 2px solid ${p.text}; outline-offset: 1px; }
    .ac-input, .ac-input input, .ac-input select, .ac-textInput, .ac-multichoiceInput {
      font: 400 14px 'Segoe UI', 'Liberation Sans', 'DejaVu Sans', sans-serif;
      color: ${p.text}; background: ${p.background}; border: 1px solid ${p.buttonBorder}; border-radius: 4px;
    }
    a { color: ${p.accent}; }
  `;
}
