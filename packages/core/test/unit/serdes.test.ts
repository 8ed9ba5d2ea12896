import { describe, expect, it } from "vitest";
import {
  createClassSerdes,
  createClassSerdesWithDates,
  defaultSerdes,
  passThroughSerdes,
} from "../../src/serdes/index.js";

const ctx = {
  entityId: "1",
  durableExecutionArn: "arn:aws:lambda:eu-west-1:123456789012:function:f:1/durable-execution/x/y",
};

describe("defaultSerdes", () => {
  it.each([[{ a: 1, b: [1, "x", null] }], ["text"], [0], [false], [null]])(
    "round-trips %o",
    async (value) => {
      const data = await defaultSerdes.serialize(value, ctx);

      expect(await defaultSerdes.deserialize(data, ctx)).toEqual(value);
    },
  );

  it("maps undefined to undefined in both directions", async () => {
    expect(await defaultSerdes.serialize(undefined, ctx)).toBeUndefined();
    expect(await defaultSerdes.deserialize(undefined, ctx)).toBeUndefined();
  });

  it("writes JSON", async () => {
    expect(await defaultSerdes.serialize({ a: 1 }, ctx)).toBe('{"a":1}');
  });
});

describe("passThroughSerdes", () => {
  it("keeps strings as they are", async () => {
    expect(await passThroughSerdes.serialize('{"not":"parsed"}', ctx)).toBe('{"not":"parsed"}');
    expect(await passThroughSerdes.deserialize('{"not":"parsed"}', ctx)).toBe('{"not":"parsed"}');
    expect(await passThroughSerdes.deserialize(undefined, ctx)).toBeUndefined();
  });
});

class Order {
  id = "";
  total = 0;
  createdAt: Date = new Date(0);
  shipping: { date?: Date; carrier?: string } = {};
  withTax(): number {
    return this.total * 2;
  }
}

describe("createClassSerdes", () => {
  it("rebuilds an instance of the class", async () => {
    const serdes = createClassSerdes(Order);
    const order = Object.assign(new Order(), { id: "o1", total: 5 });

    const copy = await serdes.deserialize(await serdes.serialize(order, ctx), ctx);

    expect(copy).toBeInstanceOf(Order);
    expect(copy?.withTax()).toBe(10);
    expect(copy?.id).toBe("o1");
  });

  it("maps undefined to undefined", async () => {
    const serdes = createClassSerdes(Order);

    expect(await serdes.serialize(undefined, ctx)).toBeUndefined();
    expect(await serdes.deserialize(undefined, ctx)).toBeUndefined();
  });
});

describe("createClassSerdesWithDates", () => {
  it("revives top-level and nested dates", async () => {
    const serdes = createClassSerdesWithDates(Order, ["createdAt", "shipping.date"]);
    const order = Object.assign(new Order(), {
      createdAt: new Date("2025-01-02T03:04:05.000Z"),
      shipping: { date: new Date("2025-02-03T00:00:00.000Z"), carrier: "ups" },
    });

    const copy = await serdes.deserialize(await serdes.serialize(order, ctx), ctx);

    expect(copy).toBeInstanceOf(Order);
    expect(copy?.createdAt).toBeInstanceOf(Date);
    expect(copy?.createdAt.toISOString()).toBe("2025-01-02T03:04:05.000Z");
    expect(copy?.shipping.date).toBeInstanceOf(Date);
    expect(copy?.shipping.date?.toISOString()).toBe("2025-02-03T00:00:00.000Z");
    expect(copy?.shipping.carrier).toBe("ups");
  });

  it("skips missing paths", async () => {
    const serdes = createClassSerdesWithDates(Order, ["shipping.date", "nowhere.deep.date"]);

    const copy = await serdes.deserialize('{"id":"o2","shipping":{}}', ctx);

    expect(copy?.shipping.date).toBeUndefined();
    expect(copy?.id).toBe("o2");
  });
});
