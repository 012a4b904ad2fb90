/**
 * `rules_id` as `Rule_AddAR()` scans it [W:src/analysisd/rules.c] (spec §2.2): spaces are skipped; at a digit,
 * `atoi()` reads the number and the scan jumps past the next comma (or stops if there is none); repeated commas
 * are skipped; any other character ends the scan.
 *
 * So `"5710, 5712"` is [5710, 5712], `"5710 5712"` is only [5710], and `"5710,x,5712"` is [5710].
 */
import { atoi } from './c-string';

export function parseRulesId(rulesId: string): number[] {
  const ids: number[] = [];
  let i = 0;
  while (i < rulesId.length) {
    const c = rulesId[i];
    if (c === ' ' || c === ',') {
      i++;
    } else if (c >= '0' && c <= '9') {
      ids.push(atoi(rulesId.slice(i)));
      const comma = rulesId.indexOf(',', i);
      if (comma < 0) break;
      i = comma + 1;
    } else {
      break;
    }
  }
  return ids;
}
