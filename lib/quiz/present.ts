import type { Question } from "./bank-schema";
import type { PathAsk } from "./path-asks";
import { instantiatePathQuestion, type PathAnswerKind } from "./path-questions";
import type { ClusterTopology } from "../packet-walk";
import { hashString, seededRandom, shuffled } from "./random";

/**
 * What the browser may see of a question before the attempt is submitted: no answer, no
 * explanation, no misconceptions, no fact key. Built field by field (an allow-list), so a
 * field added to the bank format later cannot leak by accident.
 */
export type PublicQuestion =
  | { id: string; type: "single" | "multiple"; topic: string; prompt: string; options: { id: string; text: string }[] }
  | { id: string; type: "truefalse"; topic: string; prompt: string }
  | { id: string; type: "numeric"; topic: string; prompt: string; unit: string | null }
  | { id: string; type: "text"; topic: string; prompt: string }
  | { id: string; type: "ordering"; topic: string; prompt: string; items: { id: string; text: string }[] }
  | { id: string; type: "matching"; topic: string; prompt: string; prompts: { id: string; text: string }[]; choices: { id: string; text: string }[] }
  | PublicPathQuestion;

/** A generated path question as the browser sees it: the cluster and what to answer, not the walk. */
export interface PublicPathQuestion {
  id: string;
  type: "path";
  topic: string;
  prompt: string;
  ask: PathAsk;
  /** The generated cluster in one paragraph (mode, nodes, pods, what is sent). */
  context: string;
  answerKind: PathAnswerKind;
  /** The generated cluster for the shared SVG diagram; devices are `node/netns/device` keys. No walk. */
  topology: ClusterTopology;
  /** Next-hop choices or drop reasons. */
  options: { id: string; text: string }[];
}

/** The public view of a question; options are shuffled by the attempt seed when asked. */
export function toPublicQuestion(question: Question, attemptSeed: number, shuffleOptions: boolean): PublicQuestion {
  const common = { id: question.id, topic: question.topic, prompt: question.prompt };
  switch (question.type) {
    case "single":
    case "multiple": {
      const options = question.options.map((o) => ({ id: o.id, text: o.text }));
      const ordered = shuffleOptions ? shuffled(options, seededRandom(attemptSeed ^ hashString(question.id))) : options;
      return { ...common, type: question.type, options: ordered };
    }
    case "truefalse":
      return { ...common, type: "truefalse" };
    case "numeric":
      return { ...common, type: "numeric", unit: question.answer.unit ?? null };
    case "text":
      return { ...common, type: "text" };
    case "ordering": {
      const items = question.items.map((i) => ({ id: i.id, text: i.text }));
      const random = seededRandom(attemptSeed ^ hashString(question.id));
      let order = shuffled(items, random);
      // Shown in the right order, the question would answer itself: rotate by one.
      if (order.every((item, i) => item.id === question.answer[i])) order = [...order.slice(1), order[0] as (typeof order)[number]];
      return { ...common, type: "ordering", items: order };
    }
    case "matching": {
      const random = seededRandom(attemptSeed ^ hashString(question.id));
      const prompts = question.prompts.map((p) => ({ id: p.id, text: p.text }));
      const choices = shuffled(
        question.choices.map((c) => ({ id: c.id, text: c.text })),
        random,
      );
      return { ...common, type: "matching", prompts: shuffleOptions ? shuffled(prompts, random) : prompts, choices };
    }
    case "path": {
      const instance = instantiatePathQuestion(question, attemptSeed);
      return {
        ...common,
        type: "path",
        ask: question.ask,
        context: instance.context,
        answerKind: instance.answerKind,
        topology: instance.topology,
        options: instance.options.map((o) => ({ id: o.id, text: o.text })),
      };
    }
  }
}
