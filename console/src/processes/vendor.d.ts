declare module "bpmn-js-properties-panel";
