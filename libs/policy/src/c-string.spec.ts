import { atoi, formatAgentId, strBreak, strIsNum } from './c-string';

describe('§1.2 C conversions applied to option values (atoi, OS_StrIsNum, %.3d, OS_StrBreak)', () => {
  it.each([
    ['600', 600],
    ['  60', 60],
    ['\t\n42', 42],
    ['+7', 7],
    ['-5', -5],
    ['600s', 600],
    ['abc', 0],
    ['', 0],
    ['001,002', 1],
    ['2147483647', 2147483647],
    ['2147483648', -2147483648],
    ['4294967297', 1],
    ['99999999999999999999', -1],
    ['-99999999999999999999', 0],
  ])('atoi(%j) is %d', (input, expected) => {
    expect(atoi(input)).toBe(expected);
  });

  it.each([
    ['1', true],
    ['0123', true],
    ['', true],
    ['test', false],
    ['1234e', false],
    ['-1', false],
    ['+1', false],
    [' 1', false],
  ])('OS_StrIsNum(%j) is %s', (input, expected) => {
    expect(strIsNum(input)).toBe(expected);
  });

  it.each([
    [1, '001'],
    [12, '012'],
    [1234, '1234'],
    [-5, '-005'],
    [0, '000'],
  ])('%%.3d of %d is %s', (n, expected) => {
    expect(formatAgentId(n)).toBe(expected);
  });

  // The cases of Wazuh's own test_strbreak (src/unit_tests/os_regex/test_os_regex.c).
  it.each<[string, string, number, string[]]>([
    ['X', 'testX1234', 4, ['test', '1234']],
    ['X', 'XtestX1234X', 4, ['', 'test', '1234', '']],
    ['Y', 'testX1234', 4, ['testX1234']],
    ['X', 'testXX1234', 4, ['test', '', '1234']],
    ['X', 'testX1234', 1, ['testX1234']],
    ['X', 'testX1234X5678', 2, ['test', '1234X5678']],
    ['X', 'testX1234', 0, []],
    [',', '1,2,3,4,5,6,7', 5, ['1', '2', '3', '4', '5,6,7']],
  ])('OS_StrBreak(%j, %j, %d)', (match, str, size, expected) => {
    expect(strBreak(match, str, size)).toEqual(expected);
  });
});
