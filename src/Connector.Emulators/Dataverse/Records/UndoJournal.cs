namespace Connector.Emulators.Dataverse.Records;

/// <summary>
/// The changes made inside an atomic unit (a $batch change set, a bulk message), so they can be undone in reverse order
/// when one member fails: all or nothing, as Dataverse's transaction gives it.
/// </summary>
internal sealed class UndoJournal
{
    private readonly List<Action> _undo = [];

    public void Record(Action undo) => _undo.Add(undo);

    public void Rollback()
    {
        for (var i = _undo.Count - 1; i >= 0; i--)
        {
            _undo[i]();
        }

        _undo.Clear();
    }
}
