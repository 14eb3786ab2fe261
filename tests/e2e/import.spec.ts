// Character Card import: a PNG card (exported by the API) through the file picker, a JSON card by
// drag-and-drop, and delete with confirmation on the way.
import { writeFileSync } from 'node:fs';
import { test, expect, shot } from './fixtures.ts';

test('delete a persona, then import its Character Card PNG with the file picker', async ({ page, stack, api }, testInfo) => {
  const exported = await api<{ png_base64: string; filename: string }>('GET', '/api/personas/Kira/export', { format: 'png' });
  const pngPath = testInfo.outputPath(exported.filename);
  writeFileSync(pngPath, Buffer.from(exported.png_base64, 'base64'));

  await page.goto(`${stack.apiUrl}/#/personas`);
  const list = page.getByTestId('persona-list');
  await expect(list.getByTestId('persona-row').filter({ hasText: 'Kira' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete Kira' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete persona' });
  await expect(dialog).toContainText('Kira');
  await shot(page, testInfo, '01-confirm-delete');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(list.getByTestId('persona-row').filter({ hasText: 'Kira' })).toHaveCount(0);

  await page.getByTestId('toggle-import').click();
  await page.getByTestId('import-file').setInputFiles(pngPath);
  await expect(page.getByTestId('import-result')).toContainText('Kira');
  await expect(list.getByTestId('persona-row').filter({ hasText: 'Kira' })).toBeVisible();
  await shot(page, testInfo, '02-imported-png');

  // The same card again collides on the name: the dashboard offers to import it as a copy.
  await page.getByTestId('import-file').setInputFiles(pngPath);
  await expect(page.getByTestId('import-dropzone').getByRole('alert')).toContainText('CONFLICT');
  await page.getByRole('button', { name: 'Import as a copy' }).click();
  await expect(list.getByTestId('persona-row').filter({ hasText: 'Kira (2)' })).toBeVisible();
  await shot(page, testInfo, '03-imported-copy');
});

test('import a JSON Character Card by drag-and-drop', async ({ page, stack }, testInfo) => {
  const card = { spec: 'chara_card_v2', spec_version: '2.0', data: {
    name: 'Tobin', description: 'A cheerful ferryman.', personality: 'talkative', scenario: '', first_mes: 'Ahoy!', mes_example: '',
    creator_notes: '', system_prompt: '', post_history_instructions: '', alternate_greetings: [], tags: ['ferry'], creator: 'e2e', character_version: '1', extensions: {},
  } };
  await page.goto(`${stack.apiUrl}/#/personas`);
  await page.getByTestId('toggle-import').click();
  const zone = page.getByTestId('import-dropzone');
  // A real DataTransfer holding a File, built in the page (the test process has no DOM types).
  const transfer = await page.evaluateHandle(`(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([${JSON.stringify(JSON.stringify(card))}], 'tobin.json', { type: 'application/json' }));
    return dt;
  })()`);
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByTestId('import-result')).toContainText('Tobin');
  await expect(page.getByTestId('persona-list').getByTestId('persona-row').filter({ hasText: 'Tobin' })).toBeVisible();
  await shot(page, testInfo, 'imported-json');
});
