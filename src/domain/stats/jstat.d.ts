// The part of jStat (MIT, CommonJS, no bundled types) the statistics library uses.
declare module 'jstat' {
  const jstat: {
    jStat: {
      chisquare: { inv(p: number, dof: number): number; cdf(x: number, dof: number): number };
      beta: { inv(p: number, a: number, b: number): number };
    };
  };
  export = jstat;
}
