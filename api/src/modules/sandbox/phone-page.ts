export function phonePageHtml(): string {
  return '<!doctype html><title>Sandbox</title>';
}
