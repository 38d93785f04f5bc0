/**
 * A text field of a submitted form: what the user typed, or '' when the field is missing
 * (or is a file input, which no form of ours has).
 *
 * @example formText(new FormData(form), 'username') // 'lihua'
 */
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}
