/** A domain event as the decider sees it: a past-tense type and its data. Metadata is added by the application. */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  type: Type;
  data: Data;
}
