/**
 * A learning program (DOMAIN.md "Things"): title, xpRequired, exam components, hasNextPart.
 */
import { programSpec } from '../testing/given-when-then';
import { DefineProgram, ExamComponent, Program, ProgramDefined } from './program';

function component(id: string, overrides: Partial<ExamComponent> = {}): ExamComponent {
  return { id, title: `Component ${id}`, instructions: `Instructions for ${id}`, indicativeMinutes: 60, ...overrides };
}
function program(overrides: Partial<Program> = {}): Program {
  return {
    programId: 'program-bookkeeping',
    title: 'Bookkeeping basics',
    xpRequired: 100,
    hasNextPart: true,
    components: [component('essay', { indicativeMinutes: 90 }), component('presentation', { indicativeMinutes: 15 })],
    ...overrides,
  };
}
const defineProgram = (overrides: Partial<Program> = {}): DefineProgram => ({ type: 'DefineProgram', ...program(overrides) });
const programDefined = (overrides: Partial<Program> = {}): ProgramDefined => ({ type: 'ProgramDefined', data: program(overrides) });

describe('defining a learning program (the admin)', () => {
  it('records the title, XP required, components (with their indicative minutes) and whether there is a next part', () => {
    programSpec.given().when(defineProgram()).then([programDefined()]);
  });

  it('a program without a next part, and one with no XP requirement', () => {
    programSpec
      .given()
      .when(defineProgram({ hasNextPart: false, xpRequired: 0 }))
      .then([programDefined({ hasNextPart: false, xpRequired: 0 })]);
  });

  it('refuses two components with the same id', () => {
    programSpec
      .given()
      .when(defineProgram({ components: [component('essay'), component('essay', { title: 'Another essay' })] }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('a redefinition replaces the program', () => {
    programSpec
      .given([programDefined()])
      .when(defineProgram({ title: 'Bookkeeping, 2nd edition', xpRequired: 150, components: [component('case-study')] }))
      .thenState({ title: 'Bookkeeping, 2nd edition', xpRequired: 150, components: [component('case-study')] });
  });

  it('the state holds its own copy of the components', () => {
    const event = programDefined();
    const state = programSpec.stateAfter([event]);
    event.data.components[0].title = 'changed afterwards';
    expect(state?.components[0].title).toBe('Component essay');
  });
});
