import {
  CALENDAR_FRENCH,
  englishChrome,
  frenchChrome,
  frenchDates,
} from '../extension-mammo-ai/src/ohifChromeWords';

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
    // A calendar's month only inside the calendar (ohifChrome.ts): "Mar" elsewhere may be a name.
    expect(frenchChrome('Mar')).toBeNull();
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

  it('CALENDAR_FRENCH names each month of the calendar as the French dates do', () => {
    expect(Object.keys(CALENDAR_FRENCH)).toHaveLength(12);
    Object.entries(CALENDAR_FRENCH).forEach(([english, french], month) => {
      expect(frenchDates(`1 ${english} 2026`)).toBe(`01/${String(month + 1).padStart(2, '0')}/2026`);
      expect(frenchDates(`1 ${french} 2026`)).toBe(`01/${String(month + 1).padStart(2, '0')}/2026`);
    });
  });

  it('OHIF’s error title, miswritten "…false." by its production build, reads as meant in each language', () => {
    // OHIF's French from i18next, and its English, each followed by `false` and the full stop.
    expect(frenchChrome("Une erreur s'est produitefalse.")).toBe('Une erreur s’est produite.');
    expect(frenchChrome('Something went wrongfalse.')).toBe('Une erreur s’est produite.');
    expect(englishChrome('Something went wrongfalse.')).toBe('Something went wrong.');
    // English needs nothing else: OHIF's chrome is English.
    expect(englishChrome('Study List')).toBeNull();
    expect(englishChrome('false.')).toBeNull();
  });
});
