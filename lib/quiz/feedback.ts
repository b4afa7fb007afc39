/** Feedback for one answered question: what the check API returns and the review shows. Server-built, after the answer is final. */
export interface CheckedFeedback {
  questionId: string;
  points: number;
  maxPoints: number;
  correct: boolean;
  correctAnswer: string;
  explanation: string;
  misconceptions: string[];
}
