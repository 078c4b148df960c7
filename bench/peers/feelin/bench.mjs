// The tamga benchmark cases (bench/cases.json) evaluated by feelin, the most used JavaScript FEEL
// engine, for the side-by-side comparison that scripts/run-bench prints.
//
//   node bench/peers/feelin/bench.mjs [--seconds S] [--mode compiled-once|public-api|both]
//                                     [--case NAME]
//
// Prints one JSON line per case and mode: {"case": ..., "ops_per_sec": ..., "mode": ...}.
//
// Modes:
//   compiled-once (default; the one compared with tamga): every FEEL text (the expression, each
//     table's input expressions, input entries and output entries) is parsed once with feelin's
//     parser and turned once into feelin's closure tree by its Interpreter (made reachable by
//     expose-internals.mjs; feelin has no public API or cache for this). The timed loop only calls
//     the closures, as a compile-once DMN engine built on feelin would.
//   public-api: feelin's documented evaluate() / unaryTest(), which parse the text on every call.
//     Shown for reference only.
//
// Decision tables are read from the same DMN files tamga loads and driven the way dmn-eval-js
// drives its FEEL engine: evaluate each input expression, test each rule's input entries as unary
// tests against those values ("-" matches without a call; a rule stops at its first failing
// entry), then apply the hit policy: UNIQUE collects every match and is null unless exactly one
// rule matched; FIRST stops at the first match. The matched rule's output entry is then evaluated.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

installFeelinHook();
const feelin = await import('feelin');

// Installs expose-internals.mjs before feelin loads: with module.register (Node >= 20.6, 18.19),
// else by running this script again under --experimental-loader (older Node, e.g. Debian's 18).
function installFeelinHook() {
  const hook = new URL('./expose-internals.mjs', import.meta.url).href;
  if (typeof nodeModule.register === 'function') {
    nodeModule.register(hook);
    return;
  }
  if (process.env.TAMGA_FEELIN_HOOK === 'loader') return;
  const args = ['--no-warnings', '--experimental-loader', hook, ...process.argv.slice(1)];
  const child = spawnSync(process.execPath, args, {
    stdio: 'inherit',
    env: { ...process.env, TAMGA_FEELIN_HOOK: 'loader' },
  });
  process.exit(child.status ?? 1);
}

const HERE = dirname(fileURLToPath(import.meta.url));
const BENCH_DIR = join(HERE, '..', '..');

function parseArgs(argv) {
  const options = { seconds: 2, mode: 'compiled-once', caseName: null };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--seconds') options.seconds = Number(value);
    else if (argv[i] === '--mode') options.mode = value;
    else if (argv[i] === '--case') options.caseName = value;
    else throw new Error(`unknown argument ${argv[i]}`);
    i++;
  }
  if (!(options.seconds > 0)) throw new Error('--seconds must be positive');
  if (!['compiled-once', 'public-api', 'both'].includes(options.mode)) {
    throw new Error(`unknown --mode ${options.mode}`);
  }
  return options;
}

// --- The two ways of driving feelin. Each compiles FEEL text into a function; `names` are the
// variables in scope, which feelin's parser needs to recognise names. Warnings from any evaluation
// are collected in `warnings` so a case can check that its check run was clean.

function compiledOnceEngine() {
  if (typeof feelin.Interpreter !== 'function') {
    throw new Error('feelin internals not exposed: expose-internals.mjs did not apply ' +
                    '(is feelin still 8.2.0?)');
  }
  const interpreter = new feelin.Interpreter();
  // The closures report warnings to the InterpreterContext they were built with.
  const interpreterContext = new feelin.InterpreterContext();
  return {
    mode: 'compiled-once',
    warnings: interpreterContext.warnings,
    expression(text, names) {
      const { root } = interpreter.evaluate(text, names, undefined, interpreterContext);
      return (context) => root(context);
    },
    unaryTests(text, names) {
      const { root } = interpreter.unaryTest(text, names, undefined, interpreterContext);
      // root(context) returns the test function; `?` must also be in the context for tests such
      // as `? > 5`, which is why table evaluation passes a context holding it.
      return (context, value) => root(context)(value);
    },
  };
}

function publicApiEngine() {
  const warnings = [];
  return {
    mode: 'public-api',
    warnings,
    expression(text) {
      return (context) => {
        const result = feelin.evaluate(text, context);
        if (result.warnings.length) warnings.push(...result.warnings);
        return result.value;
      };
    },
    unaryTests(text) {
      return (context, value) => {
        const result = feelin.unaryTest(text, context);
        if (result.warnings.length) warnings.push(...result.warnings);
        return result.value;
      };
    },
  };
}

// --- A reader for the subset of DMN XML the benchmark models use: inputData typeRefs and one
// decision's decision table. Not a general DMN parser.

function unescapeXml(text) {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, e) => (
    { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[e]));
}

function texts(xml, element) {
  const pattern = new RegExp(`<${element}\\b[^>]*>\\s*<text>([\\s\\S]*?)</text>`, 'g');
  return [...xml.matchAll(pattern)].map((m) => unescapeXml(m[1]).trim());
}

function readDecisionTable(file, decisionName) {
  const xml = readFileSync(file, 'utf8');
  const inputTypes = {};
  for (const [, block] of xml.matchAll(/<inputData\b[\s\S]*?(<variable\b[^>]*>)/g)) {
    const name = /\bname="([^"]*)"/.exec(block)?.[1];
    const typeRef = /\btypeRef="([^"]*)"/.exec(block)?.[1];
    if (name) inputTypes[unescapeXml(name)] = typeRef;
  }
  const decisions = [...xml.matchAll(/<decision\b([^>]*)>([\s\S]*?)<\/decision>/g)];
  const decision = decisions.find(([, attrs]) => attrs.includes(`name="${decisionName}"`));
  if (!decision) throw new Error(`${file}: no decision '${decisionName}'`);
  const table = /<decisionTable\b([^>]*)>([\s\S]*?)<\/decisionTable>/.exec(decision[2]);
  if (!table) throw new Error(`${file}: decision '${decisionName}' is not a decision table`);
  const hitPolicy = /\bhitPolicy="([^"]*)"/.exec(table[1])?.[1] ?? 'UNIQUE';
  const rules = [...table[2].matchAll(/<rule\b[^>]*>([\s\S]*?)<\/rule>/g)].map(([, rule]) => ({
    inputEntries: texts(rule, 'inputEntry'),
    outputEntries: texts(rule, 'outputEntry'),
  }));
  const outputs = [...table[2].matchAll(/<output\b[^>]*\bname="([^"]*)"/g)].map((m) => m[1]);
  if (outputs.length !== 1) throw new Error(`${file}: only single-output tables are supported`);
  return { hitPolicy, inputTypes, inputExpressions: texts(table[2], 'inputExpression'), rules };
}

// --- Inputs: JSON values, with strings turned into feelin dates where the model says `date`.

function toFeelinInputs(json, inputTypes = {}) {
  const context = {};
  for (const [name, value] of Object.entries(json)) {
    context[name] = inputTypes[name] === 'date' ? feelin.date(value) : value;
  }
  return context;
}

// --- Compiling a decision table into one function of the input context.

function compileTable(engine, table, names) {
  const inputs = table.inputExpressions.map((text) => engine.expression(text, names));
  const testNames = { ...names, '?': null };
  const rules = table.rules.map((rule) => ({
    // null marks "-": matches anything, no evaluation needed.
    tests: rule.inputEntries.map((text) => (
      text === '-' ? null : engine.unaryTests(text, testNames))),
    output: engine.expression(rule.outputEntries[0], names),
  }));
  const first = table.hitPolicy === 'FIRST' || table.hitPolicy === 'F';
  const unique = table.hitPolicy === 'UNIQUE' || table.hitPolicy === 'U';
  if (!first && !unique) throw new Error(`hit policy ${table.hitPolicy} is not supported here`);

  return (context) => {
    const n = inputs.length;
    const values = new Array(n);
    const testContexts = new Array(n);
    for (let i = 0; i < n; i++) {
      values[i] = inputs[i](context);
      testContexts[i] = { ...context, '?': values[i] };
    }
    let matched = null;
    for (const rule of rules) {
      if (!ruleMatches(rule.tests, testContexts, values)) continue;
      if (first) return rule.output(context);
      if (matched) return null;  // UNIQUE violated: more than one rule matched
      matched = rule;
    }
    return matched ? matched.output(context) : null;
  };
}

function ruleMatches(tests, testContexts, values) {
  for (let i = 0; i < tests.length; i++) {
    const test = tests[i];
    if (test !== null && test(testContexts[i], values[i]) !== true) return false;
  }
  return true;
}

// --- Cases.

function compileCase(engine, spec) {
  if (spec.expression) {
    const context = toFeelinInputs(spec.inputs);
    const expression = engine.expression(spec.expression, context);
    return () => expression(context);
  }
  const table = readDecisionTable(join(BENCH_DIR, spec.model), spec.decision);
  const context = toFeelinInputs(spec.inputs, table.inputTypes);
  const evaluate = compileTable(engine, table, context);
  return () => evaluate(context);
}

// Runs `fn` once and fails loudly unless it returns the expected value without warnings, so the
// timing below can never measure a broken evaluation.
function check(engine, spec, fn) {
  const actual = fn();
  if (actual !== spec.expected || engine.warnings.length) {
    const warnings = engine.warnings.map((w) => `; ${w.message}`).join('');
    throw new Error(`${spec.name} (${engine.mode}): expected ${JSON.stringify(spec.expected)}, ` +
                    `got ${JSON.stringify(actual)}${warnings}`);
  }
}

// Calls `fn` in batches for about `seconds` after a warm-up (so V8 has optimised the closures)
// and returns calls per second. The last result is checked again, which also keeps the calls
// observable.
function measure(fn, expected, seconds) {
  const now = () => Number(process.hrtime.bigint()) / 1e9;
  let result;
  let batch = 1;
  const warmupEnd = now() + Math.min(0.5, seconds / 4);
  while (now() < warmupEnd) {
    for (let i = 0; i < batch; i++) result = fn();
    batch = Math.min(batch * 2, 1 << 20);
  }
  // Batches of about 10 ms keep the clock reads out of the measurement.
  const start = now();
  for (let i = 0; i < batch; i++) result = fn();
  batch = Math.max(1, Math.round((batch * 0.01) / Math.max(now() - start, 1e-9)));

  let iterations = 0;
  const begin = now();
  let elapsed = 0;
  while (elapsed < seconds) {
    for (let i = 0; i < batch; i++) result = fn();
    iterations += batch;
    elapsed = now() - begin;
  }
  if (result !== expected) throw new Error(`result changed during the run: ${result}`);
  return { iterations, elapsed };
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const { cases } = JSON.parse(readFileSync(join(BENCH_DIR, 'cases.json'), 'utf8'));
  const engines = [];
  if (options.mode !== 'public-api') engines.push(compiledOnceEngine);
  if (options.mode !== 'compiled-once') engines.push(publicApiEngine);
  for (const makeEngine of engines) {
    for (const spec of cases) {
      if (options.caseName && spec.name !== options.caseName) continue;
      const engine = makeEngine();
      const fn = compileCase(engine, spec);
      check(engine, spec, fn);
      const { iterations, elapsed } = measure(fn, spec.expected, options.seconds);
      console.log(JSON.stringify({
        case: spec.name,
        ops_per_sec: Math.round(iterations / elapsed),
        mode: engine.mode,
        iterations,
        seconds: Number(elapsed.toFixed(3)),
        feelin: feelinVersion(),
      }));
    }
  }
}

function feelinVersion() {
  const pkg = join(HERE, 'node_modules', 'feelin', 'package.json');
  return JSON.parse(readFileSync(pkg, 'utf8')).version;
}

try {
  main();
} catch (error) {
  console.error(`feelin bench: ${error.message}`);
  process.exit(1);
}
