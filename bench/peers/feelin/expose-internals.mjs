// Node module customization hook (node:module register) that lets the benchmark reuse feelin's
// compiled expressions.
//
// Why: feelin 8.2.0's public evaluate() and unaryTest() re-parse the text and rebuild the
// evaluator's closure tree on every call, and it has no cache. Internally, Interpreter.evaluate /
// Interpreter.unaryTest parse once (parseExpression / parseUnaryTests, both exported) and turn the
// Lezer tree into a tree of closures `root(context)` that can be called any number of times, but
// the Interpreter class is module-private. This hook appends one export line to feelin's bundle as
// Node loads it, so bench.mjs can build each closure tree once and call it in the timed loop: the
// fastest way feelin can evaluate, hence the fair peer for a compile-once engine. Nothing on disk
// changes.
const FEELIN_BUNDLE = /\/node_modules\/feelin\/dist\/index\.js$/;

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!FEELIN_BUNDLE.test(url)) return result;
  const source = `${result.source}\nexport { Interpreter, InterpreterContext };\n`;
  return { ...result, source, shortCircuit: true };
}
