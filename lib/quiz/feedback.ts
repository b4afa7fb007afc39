/** Feedback for one answered question: what the check API returns and the review shows. Server-built, after the answer is final. */
export interface CheckedFeedback {
  questionId: string;
  points: number;
  maxPoints: number;
  correct: boolean;
  /** Null when the review options do not show right answers (or explanations) immediately. */
  correctAnswer: string | null;
  explanation: string | null;
  misconceptions: string[];
}
