/** MOJ Frontend ships its Nunjucks filters as untyped CommonJS. */
declare module '@ministryofjustice/frontend/moj/filters/all' {
  export default function filters(): {
    date: (timestamp: unknown, format: string) => string;
    mojDate: (timestamp: unknown, type: string) => string;
  };
}
