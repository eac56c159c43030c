import { frenchChrome, frenchDates } from '../extension-mammo-ai/src/ohifChromeWords';

describe('ohifChromeWords', () => {
  it('frenchChrome translates OHIF’s English chrome word for word, keeping the spaces around it', () => {
    expect(frenchChrome('Study List')).toBe('Liste des examens');
    expect(frenchChrome(' per page')).toBe(' par page');
    expect(frenchChrome('No Description')).toBe('Sans description');
    expect(frenchChrome('1-25 of 112')).toBe('1–25 sur 112');
    expect(frenchChrome('Sort Modalities')).toBe('Trier par modalités');
  });

  it('frenchChrome leaves alone what is not OHIF’s English: names, descriptions, French', () => {
    expect(frenchChrome('DUPONT^Marie')).toBeNull();
    expect(frenchChrome('Mammographie de dépistage')).toBeNull();
    expect(frenchChrome('Liste des examens')).toBeNull();
    expect(frenchChrome('   ')).toBeNull();
  });

  it('frenchDates writes OHIF’s English dates as dd/mm/yyyy HH:mm, in 24 hours', () => {
    expect(frenchDates('17 Mar 2025')).toBe('17/03/2025');
    expect(frenchDates('03 Mar 2025 09:30 AM')).toBe('03/03/2025 09:30');
    expect(frenchDates('Mar-03-2025 12:05 PM')).toBe('03/03/2025 12:05');
    expect(frenchDates('Study: 7 Dec 2026 9:15 PM, prior')).toBe('Study: 07/12/2026 21:15, prior');
    expect(frenchDates('Dec 7, 2026')).toBe('07/12/2026');
    expect(frenchDates('17 mars 2025')).toBe('17/03/2025');
    expect(frenchDates('1 déc. 2026 14:02')).toBe('01/12/2026 14:02');
    expect(frenchDates('12 AM 2026')).toBe('12 AM 2026');
  });
});
