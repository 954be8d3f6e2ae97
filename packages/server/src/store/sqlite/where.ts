/** A WHERE clause built from optional filters: a filter whose value is undefined adds nothing. */
export class Where {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  /** `sql` with `?` placeholders, added only when every value is defined. */
  add(sql: string, ...values: unknown[]): this {
    if (values.some((v) => v === undefined)) return this;
    this.parts.push(sql);
    this.params.push(...values);
    return this;
  }

  in(column: string, values: readonly unknown[] | undefined): this {
    if (!values || values.length === 0) return this;
    return this.add(`${column} IN (${values.map(() => '?').join(', ')})`, ...values);
  }

  get sql(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}
