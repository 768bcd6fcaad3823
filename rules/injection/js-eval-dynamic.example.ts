// Examples for injection/js-eval-dynamic. `expect:` lines must fire, `ok:` lines must stay quiet.
import vm from "node:vm";

export function calculate(req: any, res: any) {
  const formula = req.body.formula;
  // expect: injection/js-eval-dynamic
  const value = eval(formula);
  // expect: injection/js-eval-dynamic
  const fn = new Function("row", "return " + req.query.filter);
  // expect: injection/js-eval-dynamic
  const scored = vm.runInNewContext(`score(${req.body.expression})`, { score: Math.round });
  // expect: injection/js-eval-dynamic
  const script = new vm.Script(req.body.code);
  // expect: injection/js-eval-dynamic
  setTimeout("refresh('" + req.query.widget + "')", 1000);
  // ok: injection/js-eval-dynamic
  const constant = eval("2 + 2");
  // ok: injection/js-eval-dynamic
  const adder = new Function("a", "b", "return a + b");
  // ok: injection/js-eval-dynamic
  const data = new Function(`return ${JSON.stringify(req.body)}`)();
  // ok: injection/js-eval-dynamic
  setTimeout(() => refresh(req.query.widget), 1000);
  // ok: injection/js-eval-dynamic
  const parsed = JSON.parse(req.body.formula);
  // ok: injection/js-eval-dynamic
  const inSandbox = vm.runInNewContext("x * 2", { x: Number(req.query.x) });
  res.json({ value, fn, scored, script, constant, adder, data, parsed, inSandbox });
}

function refresh(widget: string) {
  return widget;
}
