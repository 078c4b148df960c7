// Loaded on demand (a separate chunk): dmn-js with its styles.
import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression-controls.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';

export { default as Viewer } from 'dmn-js/lib/NavigatedViewer';
export { default as Modeler } from 'dmn-js/lib/Modeler';

import labels from '../i18n/dmn-js.json';

type Replacements = Record<string, unknown>;
const dictionaries = labels as Record<string, Record<string, string>>;

/**
 * dmn-js's `translate` service in the UI language (src/i18n/dmn-js.json: every template dmn-js
 * 17 passes to translate, in ru, kk and lv; English as written). Placeholders are filled by name,
 * spaces inside the braces ignored (two dmn-js templates write "{ sample }").
 */
export function translateModule(lang: string) {
  const dictionary = dictionaries[lang] ?? {};
  const translate = (template: string, replacements: Replacements = {}) =>
    (dictionary[template] ?? template).replace(/{([^}]+)}/g, (whole, key: string) => {
      const value = replacements[key.trim()];
      return value === undefined || value === null ? whole : String(value);
    });
  return { translate: ['value', translate] };
}

/**
 * The options giving each of dmn-js's views the translation: dmn-js builds every view's modules
 * from the view's own options, not from the common ones.
 */
export function viewOptions(lang: string) {
  const modules = [translateModule(lang)];
  return {
    drd: { additionalModules: modules },
    decisionTable: { additionalModules: modules },
    literalExpression: { additionalModules: modules },
    boxedExpression: { additionalModules: modules },
  };
}
