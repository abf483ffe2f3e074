// The engine's widgets (widgets/index.ts re-exports them).

export { curvePoints, liveTrainingCurves, trainingCurvesBundle, trainingCurvesSpec, type CurvePoint, type LiveCurvesOptions, type TrainingSummary } from "./training-curves";
