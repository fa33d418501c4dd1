/** The confidentiality check's detectors, each with text that must be found and text that must not. */
import { describe, expect, it } from 'vitest';
import { isValidNhsNumber, scanText, type FindingKind } from '../../shared/confidentiality.js';

const found = (text: string, kind?: FindingKind) => scanText(text).filter((f) => !kind || f.kind === kind).map((f) => f.text);

describe('NHS numbers', () => {
  it('finds numbers whose modulus 11 check digit is right, however they are spaced', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(found('Patient 943 476 5919 was seen.', 'nhs_number')).toEqual(['943 476 5919']);
    expect(found('NHS no. 943-476-5919', 'nhs_number')).toEqual(['943-476-5919']);
    expect(found('ref 9434765919.', 'nhs_number')).toEqual(['9434765919']);
    // Another valid number: 401 023 2137 (check digit 7).
    expect(found('401 023 2137', 'nhs_number')).toEqual(['401 023 2137']);
  });

  it('does not find a number whose last digit is wrong, a check digit of 10, mixed separators or longer digit runs', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(found('Patient 943 476 5918 was seen.', 'nhs_number')).toEqual([]);
    // 10 as the check digit means no valid number: 1234567890's weighted sum leaves remainder 1.
    expect(isValidNhsNumber('1234567890')).toBe(false);
    expect(found('943 476-5919', 'nhs_number')).toEqual([]);
    expect(found('Order 19434765919 shipped', 'nhs_number')).toEqual([]);
    expect(found('0000000000 and 1111111111', 'nhs_number')).toEqual([]);
  });
});

describe('dates of birth', () => {
  it('finds a date after a birth cue, in the usual ways of writing it', () => {
    expect(found('DOB: 12/03/1961', 'date_of_birth')).toEqual(['12/03/1961']);
    expect(found('D.O.B. 1-2-61', 'date_of_birth')).toEqual(['1-2-61']);
    expect(found('Date of birth 12 March 1961, lives alone', 'date_of_birth')).toEqual(['12 March 1961']);
    expect(found('She was born on March 12, 1961 in Leeds', 'date_of_birth')).toEqual(['March 12, 1961']);
    expect(found('birth date: 1961-03-12', 'date_of_birth')).toEqual(['1961-03-12']);
  });

  it('does not flag dates without a birth cue, or a cue far from the date', () => {
    expect(found('The guidance was published on 12 March 2024 and revised 01/04/2025.', 'date_of_birth')).toEqual([]);
    expect(found('Babies born in the winter months need more support from health visitors, as the report of 3 May 2023 shows.', 'date_of_birth')).toEqual([]);
  });

  it('takes only the first date after a cue as the birth date, and each cue on its own', () => {
    expect(found('Seen 01/02/2024; DOB: 02/03/1961 and discharged 05/06/2024.', 'date_of_birth')).toEqual(['02/03/1961']);
    expect(found('Mother born 4 June 1952, son born 7 July 1980.', 'date_of_birth')).toEqual(['4 June 1952', '7 July 1980']);
  });
});

describe('postcodes', () => {
  it('finds UK postcodes of every shape', () => {
    expect(found('Lives at 1 High St, SW1A 1AA.', 'postcode')).toEqual(['SW1A 1AA']);
    expect(found('M1 1AE, B33 8TH, CR2 6XH, DN55 1PT, W1A 0AX, EC1A 1BB', 'postcode')).toEqual(['M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'W1A 0AX', 'EC1A 1BB']);
    expect(found('postcode LS11AB', 'postcode')).toEqual(['LS11AB']);
  });

  it('does not flag shapes that cannot be postcodes or ordinary words', () => {
    // Q, V and X never start a postcode; C, I, K, M, O and V never end one.
    expect(found('QA1 1AA, VB2 2BB, M1 1AC, A1 1IO', 'postcode')).toEqual([]);
    expect(found('The COVID-19 response and the A14 road plan.', 'postcode')).toEqual([]);
  });
});

describe('phone numbers', () => {
  it('finds UK numbers written with 0 or +44', () => {
    expect(found('Call 0113 496 0000 today', 'phone')).toEqual(['0113 496 0000']);
    expect(found('Mobile 07700 900123', 'phone')).toEqual(['07700 900123']);
    expect(found('+44 20 7946 0958 or +44 (0)20 7946 0958', 'phone')).toEqual(['+44 20 7946 0958', '+44 (0)20 7946 0958']);
    expect(found('(020) 7946 0958', 'phone')).toEqual(['(020) 7946 0958']);
  });

  it('leaves out a bracket around the whole number', () => {
    expect(scanText('The ward team (0113 496 0000) helped.').map((f) => [f.text, f.index])).toEqual([['0113 496 0000', 15]]);
  });

  it('does not flag short numbers, figures or NHS numbers', () => {
    expect(found('Dial 111 or 999; 0.5 per cent of 2,000 people; page 0113', 'phone')).toEqual([]);
    expect(found('Costs rose from 01234 to 05678 units', 'phone')).toEqual([]);
    expect(scanText('NHS number 943 476 5919').map((f) => f.kind)).toEqual(['nhs_number']);
  });
});

describe('email addresses', () => {
  it('finds addresses', () => {
    expect(found('Write to jane.doe@nhs.net or j_smith+ref@example.co.uk.', 'email')).toEqual(['jane.doe@nhs.net', 'j_smith+ref@example.co.uk']);
  });

  it('does not flag handles or at signs in prose', () => {
    expect(found('Follow @NHSEngland; meet @ 3pm; user@localhost', 'email')).toEqual([]);
  });
});

describe('scanText', () => {
  it('lists every finding in order of position', () => {
    const text = 'Mrs A (DOB 02/05/1940, NHS 943 476 5919) of LS1 4AP, tel 0113 496 0000, a.b@example.org';
    expect(scanText(text).map((f) => [f.kind, f.text, text.indexOf(f.text) === f.index])).toEqual([
      ['date_of_birth', '02/05/1940', true],
      ['nhs_number', '943 476 5919', true],
      ['postcode', 'LS1 4AP', true],
      ['phone', '0113 496 0000', true],
      ['email', 'a.b@example.org', true],
    ]);
  });
});
