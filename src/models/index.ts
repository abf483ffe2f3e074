// Public exports of models: the flavor seam every saved model loads through, and the flavors labops ships.

export { LOGISTIC_REGRESSION_FLAVOR, loadPredictor, modelFlavors, registerModelFlavor, type FlavorLoader, type ModelPredictor } from "./model-flavors";
export { logisticPredictor, saveLogisticModel, type LogisticModelJson } from "./logistic-regression-flavor";
