package dev.flotilla.executors.unit;

import java.util.Map;

/** Service (META-INF/services) that contributes unit kinds to {@link UnitKinds}. */
public interface UnitKindProvider {

  /** Kind name to the record class implementing it. */
  Map<String, Class<? extends WorkUnit>> unitKinds();
}
