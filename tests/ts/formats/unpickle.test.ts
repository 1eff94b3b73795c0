import { describe, expect, it } from 'vitest';

import { fromBase64 } from '../../../src/viewer/lindi/lindiIndex';
import { reviveNumpy, unpickle } from '../../../src/viewer/zarr/unpickle';

/*
 * Pickles made by Python 3.11 + numpy 2 + hdmf-zarr, as numcodecs' Pickle
 * codec writes an object chunk (pickle.dumps(array, protocol)):
 *   a = np.empty(3, dtype=object)
 *   a[0] = ZarrReference(source='.', path='/general/devices/a', object_id='x', source_object_id='y')
 *   a[1] = 'text é'; a[2] = 12345678901
 * and a structured row (idx_start <i4, count <i4, timeseries O), as hdmf-zarr stores
 * TimeSeriesReferenceVectorData.
 */
const OBJECTS_P5 =
  'gAWVFAEAAAAAAACMFm51bXB5Ll9jb3JlLm11bHRpYXJyYXmUjAxfcmVjb25zdHJ1Y3SUk5SMBW51bXB5lIwHbmRhcnJheZSTlEsAhZRDAWKUh5RSlChLAUsDhZRoA4wFZHR5cGWUk5SMAk84lImIh5RSlChLA4wBfJROTk5K/////0r/////Sz90lGKJXZQojA9oZG1mX3phcnIudXRpbHOUjA1aYXJyUmVmZXJlbmNllJOUKYGUKIwGc291cmNllIwBLpSMBHBhdGiUjBIvZ2VuZXJhbC9kZXZpY2VzL2GUjAlvYmplY3RfaWSUjAF4lIwQc291cmNlX29iamVjdF9pZJSMAXmUdYwHdGV4dCDDqZSKBTUc3N8CZXSUYi4=';
const OBJECTS_P2 =
  'gAJjbnVtcHkuX2NvcmUubXVsdGlhcnJheQpfcmVjb25zdHJ1Y3QKcQBjbnVtcHkKbmRhcnJheQpxAUsAhXECY19jb2RlY3MKZW5jb2RlCnEDWAEAAABicQRYBgAAAGxhdGluMXEFhnEGUnEHh3EIUnEJKEsBSwOFcQpjbnVtcHkKZHR5cGUKcQtYAgAAAE84cQyJiIdxDVJxDihLA1gBAAAAfHEPTk5OSv////9K/////0s/dHEQYoldcREoY2hkbWZfemFyci51dGlscwpaYXJyUmVmZXJlbmNlCnESKYFxEyhYBgAAAHNvdXJjZXEUWAEAAAAucRVYBAAAAHBhdGhxFlgSAAAAL2dlbmVyYWwvZGV2aWNlcy9hcRdYCQAAAG9iamVjdF9pZHEYWAEAAAB4cRlYEAAAAHNvdXJjZV9vYmplY3RfaWRxGlgBAAAAeXEbdVgHAAAAdGV4dCDDqXEcigU1HNzfAmV0cR1iLg==';
const COMPOUND_P5 =
  'gAWVfgEAAAAAAACMFm51bXB5Ll9jb3JlLm11bHRpYXJyYXmUjAxfcmVjb25zdHJ1Y3SUk5SMBW51bXB5lIwHbmRhcnJheZSTlEsAhZRDAWKUh5RSlChLAUsBhZRoA4wFZHR5cGWUk5SMA1YxNpSJiIeUUpQoSwOMAXyUTowJaWR4X3N0YXJ0lIwFY291bnSUjAp0aW1lc2VyaWVzlIeUfZQoaBFoDIwCaTSUiYiHlFKUKEsDjAE8lE5OTkr/////Sv////9LAHSUYksAhpRoEmgYSwSGlGgTaAyMAk84lImIh5RSlChLA2gQTk5OSv////9K/////0s/dJRiSwiGlHVLEEsBSxt0lGKJXZRLAEvIjA9oZG1mX3phcnIudXRpbHOUjA1aYXJyUmVmZXJlbmNllJOUKYGUKIwGc291cmNllIwBLpSMBHBhdGiUjBAvYWNxdWlzaXRpb24vY2NzlIwJb2JqZWN0X2lklE6MEHNvdXJjZV9vYmplY3RfaWSUTnWHlGF0lGIu';

const EXPECTED = [
  {
    source: '.',
    path: '/general/devices/a',
    object_id: 'x',
    source_object_id: 'y'
  },
  'text é',
  12345678901
];

describe('unpickle (numcodecs Pickle chunks of hdmf-zarr)', () => {
  it('revives an object array, protocol 5', () => {
    const array = reviveNumpy(unpickle(fromBase64(OBJECTS_P5)));
    expect(array.shape).toEqual([3]);
    expect(array.values).toEqual(EXPECTED);
  });

  it('revives the same array pickled with protocol 2', () => {
    expect(reviveNumpy(unpickle(fromBase64(OBJECTS_P2))).values).toEqual(
      EXPECTED
    );
  });

  it('revives structured rows with a reference field as arrays', () => {
    const array = reviveNumpy(unpickle(fromBase64(COMPOUND_P5)));
    expect(array.values).toEqual([
      [
        0,
        200,
        {
          source: '.',
          path: '/acquisition/ccs',
          object_id: null,
          source_object_id: null
        }
      ]
    ]);
  });

  it('refuses a truncated pickle and anything that is not an array', () => {
    const bytes = fromBase64(OBJECTS_P5);
    expect(() => unpickle(bytes.subarray(0, 60))).toThrow(/ends early/);
    // pickle.dumps('plain', protocol=2)
    const plain = fromBase64('gAJYBQAAAHBsYWlucQAu');
    expect(unpickle(plain)).toBe('plain');
    expect(() => reviveNumpy(unpickle(plain))).toThrow(/numpy array/);
  });
});
